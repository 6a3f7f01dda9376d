package io.gristmill.worker.mapoutput;

import io.gristmill.worker.record.RecordFormat;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes the partitions of a map output (a spill or the final output) one after the other into one file, in
 * {@link RecordFormat}, noting each partition's {@link Segment} with its CRC32C.
 */
final class SegmentedFileWriter implements Closeable {

  private final Path file;
  private final OutputStream out;
  private final List<Segment> segments = new ArrayList<>();
  private final CRC32C crc = new CRC32C();
  private long position;
  private long segmentStart;
  private long records;

  SegmentedFileWriter(Path file) throws IOException {
    this.file = file;
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 << 10);
  }

  /** A writer for the next partition's records; close it before starting the next partition. */
  RecordFormat.Writer nextPartition() {
    crc.reset();
    segmentStart = position;
    return RecordFormat.writer(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        crc.update(bytes, offset, length);
        position += length;
      }

      @Override
      public void close() {
        segments.add(new Segment(file, segmentStart, position - segmentStart, (int) crc.getValue()));
      }
    });
  }

  /** Counts records a partition's writer wrote. */
  void wrote(long count) {
    records += count;
  }

  long records() {
    return records;
  }

  List<Segment> segments() {
    return List.copyOf(segments);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
