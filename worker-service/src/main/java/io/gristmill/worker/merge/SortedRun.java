package io.gristmill.worker.merge;

import io.gristmill.worker.mapoutput.Segment;
import io.gristmill.worker.mapoutput.SegmentInputStream;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run of records sorted by key, in {@link RecordFormat}, for a reduce to merge: a file in the attempt's scratch
 * space, or a small run held in memory, which costs the merge neither an open file nor a read buffer (a reduce
 * after a thousand tiny maps would otherwise go through disk in several passes for a few MiB).
 */
public sealed interface SortedRun {

  /** A run on local disk whose bytes were checked as they arrived. */
  static SortedRun onDisk(Path file) {
    return new OnDisk(file);
  }

  /** A run in memory whose bytes were checked as they were read. */
  static SortedRun inMemory(byte[] bytes) {
    return new InMemory(bytes);
  }

  /** Its size in bytes. */
  long bytes() throws IOException;

  /** Whether reading it takes an open file and a read buffer: the merge factor bounds how many are read at once. */
  boolean onDisk();

  /** Its records from the first; the caller closes the stream. */
  RecordStream open() throws IOException;

  /** Frees what it holds, once merged into an intermediate run. */
  void delete() throws IOException;

  /** A run on disk. */
  record OnDisk(Path file) implements SortedRun {

    @Override
    public long bytes() throws IOException {
      return Files.size(file);
    }

    @Override
    public boolean onDisk() {
      return true;
    }

    @Override
    public RecordStream open() throws IOException {
      return RecordFormat.reader(Files.newInputStream(file));
    }

    @Override
    public void delete() throws IOException {
      Files.delete(file);
    }
  }

  /** A run in memory. */
  record InMemory(byte[] data) implements SortedRun {

    @Override
    public long bytes() {
      return data.length;
    }

    @Override
    public boolean onDisk() {
      return false;
    }

    @Override
    public RecordStream open() {
      return RecordFormat.reader(data);
    }

    @Override
    public void delete() {}
  }

  /** An intermediate run a merge pass wrote, checked against its CRC32C when read back, like a map spill. */
  record Intermediate(Segment segment) implements SortedRun {

    @Override
    public long bytes() {
      return segment.length();
    }

    @Override
    public boolean onDisk() {
      return true;
    }

    @Override
    public RecordStream open() throws IOException {
      return RecordFormat.reader(new SegmentInputStream(segment));
    }

    @Override
    public void delete() throws IOException {
      Files.delete(segment.file());
    }
  }
}
