package io.gristmill.worker.merge;

import io.gristmill.worker.mapoutput.Segment;
import io.gristmill.worker.mapoutput.SegmentInputStream;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Merges sorted runs on local disk reading at most {@code factor} of them at once, so a reduce's memory (a read
 * buffer and a current record per open run) stays bounded however many map outputs it has. While more than
 * {@code factor} runs remain, a pass merges consecutive groups of them into intermediate runs in the scratch
 * directory, only as many groups as it takes to get down to {@code factor}, as Hadoop does, so few bytes are
 * written twice. An intermediate run is written with its CRC32C and checked when read back, like a map spill;
 * the runs a group was made of are deleted as soon as it is written, so the scratch space stays about the size
 * of the partition. Groups are consecutive and the heap merge is stable, so equal keys keep the order of the
 * original runs.
 */
public final class MultiPassMerge {

  private final int factor;
  private final Path scratch;
  private int passes;

  /**
   * @param factor runs read at once, at least 2
   * @param scratch directory for intermediate runs (the attempt's scratch space)
   */
  public MultiPassMerge(int factor, Path scratch) {
    if (factor < 2) {
      throw new IllegalArgumentException("the merge factor must be at least 2, got " + factor);
    }
    this.factor = factor;
    this.scratch = scratch;
  }

  /**
   * One sorted stream of every record of {@code runs} (files in {@link RecordFormat}, each sorted by key); the
   * caller closes it. Runs merged in an intermediate pass are deleted.
   */
  public SortedRunMerger open(List<Path> runs) throws IOException {
    List<Run> current = new ArrayList<>();
    for (Path run : runs) {
      current.add(new Run(run, null));
    }
    while (current.size() > factor) {
      passes++;
      List<Run> next = new ArrayList<>();
      int at = 0;
      while (at < current.size()) {
        int left = current.size() - at;
        if (next.size() + left <= factor) {
          next.addAll(current.subList(at, current.size()));
          break;
        }
        int take = Math.min(factor, left);
        next.add(take == 1 ? current.get(at) : write(current.subList(at, at + take), next.size()));
        at += take;
      }
      current = next;
    }
    return new SortedRunMerger(openAll(current));
  }

  /** Intermediate passes made so far (the final merge, which feeds the reducer, is not counted). */
  public int passes() {
    return passes;
  }

  private Run write(List<Run> group, int index) throws IOException {
    Path file = scratch.resolve(String.format("merge-%d-%05d.run", passes, index));
    CRC32C crc = new CRC32C();
    try (SortedRunMerger merged = new SortedRunMerger(openAll(group));
        RecordFormat.Writer out = RecordFormat.writer(new CheckedOutputStream(Files.newOutputStream(file), crc))) {
      while (merged.next()) {
        out.write(merged.key(), merged.value());
      }
    }
    for (Run run : group) {
      Files.delete(run.file());
    }
    return new Run(file, new Segment(file, 0, Files.size(file), (int) crc.getValue()));
  }

  private static List<RecordStream> openAll(List<Run> runs) throws IOException {
    List<RecordStream> streams = new ArrayList<>();
    try {
      for (Run run : runs) {
        streams.add(RecordFormat.reader(run.open()));
      }
      return streams;
    } catch (IOException | RuntimeException e) {
      for (RecordStream stream : streams) {
        stream.close();
      }
      throw e;
    }
  }

  /**
   * A sorted run on disk: a fetched partition (its CRC32C was checked as it arrived, so {@code checked} is null)
   * or an intermediate run, checked against its CRC32C when read back.
   */
  private record Run(Path file, Segment checked) {

    InputStream open() throws IOException {
      return checked == null ? Files.newInputStream(file) : new SegmentInputStream(checked);
    }
  }
}
