package io.gristmill.worker.mapoutput;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where each partition lies in a map output file: per partition its offset, length and CRC32C, stored next to the
 * data as 20 bytes a partition (big-endian long, long, int).
 */
public final class MapOutputIndex {

  public static final int ENTRY_BYTES = 20;

  /** One partition's place in the data: {@code length} bytes from {@code offset}, with their CRC32C. */
  public record Entry(long offset, long length, int crc32c) {}

  private MapOutputIndex() {}

  static void write(Path index, List<Segment> segments) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(index))) {
      for (Segment segment : segments) {
        out.writeLong(segment.offset());
        out.writeLong(segment.length());
        out.writeInt(segment.crc32c());
      }
    }
  }

  static int partitions(Path index) throws IOException {
    return (int) (Files.size(index) / ENTRY_BYTES);
  }

  static Segment read(Path index, Path data, int partition) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(index))) {
      in.skipNBytes((long) partition * ENTRY_BYTES);
      Entry entry = readEntry(in);
      return new Segment(data, entry.offset(), entry.length(), entry.crc32c());
    }
  }

  /** Reads one {@link #ENTRY_BYTES}-byte entry. */
  public static Entry readEntry(DataInput in) throws IOException {
    return new Entry(in.readLong(), in.readLong(), in.readInt());
  }
}
