package io.gristmill.worker.merge;

import io.gristmill.worker.mapoutput.Segment;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Merges sorted runs reading at most {@code factor} of them from disk at once, so a reduce's memory (a read
 * buffer and a current record per open run) stays bounded however many map outputs it has. Runs held in memory
 * ({@link SortedRun#inMemory}) need no file and no buffer, so they do not count against the factor: a thousand
 * tiny runs that fit the reduce's memory budget are merged in one pass with one heap. While more than {@code
 * factor} runs on disk remain, a pass merges consecutive groups of runs (each with {@code factor} runs on disk,
 * and the runs in memory between them) into intermediate runs in the scratch directory, only as many groups as it
 * takes to get down to {@code factor}, as Hadoop does, so few bytes are written twice. An intermediate run is
 * written with its CRC32C and checked when read back, like a map spill; the runs a group was made of are deleted
 * as soon as it is written, so the scratch space stays about the size of the partition. Groups are consecutive
 * and the heap merge is stable, so equal keys keep the order of the original runs.
 */
public final class MultiPassMerge {

  private final int factor;
  private final Path scratch;
  private int passes;

  /**
   * @param factor runs on disk read at once, at least 2
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
   * One sorted stream of every record of {@code runs} (each sorted by key), equal keys in the order of the runs;
   * the caller closes it. Runs merged in an intermediate pass are deleted.
   */
  public SortedRunMerger open(List<SortedRun> runs) throws IOException {
    List<SortedRun> current = new ArrayList<>(runs);
    while (onDisk(current, 0) > factor) {
      passes++;
      List<SortedRun> next = new ArrayList<>();
      int nextOnDisk = 0;
      int at = 0;
      while (at < current.size()) {
        if (nextOnDisk + onDisk(current, at) <= factor) {
          next.addAll(current.subList(at, current.size()));
          break;
        }
        int end = at;
        for (int inGroup = 0; end < current.size() && inGroup < factor; end++) {
          inGroup += current.get(end).onDisk() ? 1 : 0;
        }
        next.add(end - at == 1 ? current.get(at) : write(current.subList(at, end), next.size()));
        nextOnDisk++;
        at = end;
      }
      current = next;
    }
    return new SortedRunMerger(openAll(current));
  }

  /** Intermediate passes made so far (the final merge, which feeds the reducer, is not counted). */
  public int passes() {
    return passes;
  }

  private static int onDisk(List<SortedRun> runs, int from) {
    int count = 0;
    for (int i = from; i < runs.size(); i++) {
      count += runs.get(i).onDisk() ? 1 : 0;
    }
    return count;
  }

  private SortedRun write(List<SortedRun> group, int index) throws IOException {
    Path file = scratch.resolve(String.format("merge-%d-%05d.run", passes, index));
    CRC32C crc = new CRC32C();
    try (SortedRunMerger merged = new SortedRunMerger(openAll(group));
        RecordFormat.Writer out = RecordFormat.writer(new CheckedOutputStream(Files.newOutputStream(file), crc))) {
      while (merged.next()) {
        out.write(merged.key(), merged.value());
      }
    }
    for (SortedRun run : group) {
      run.delete();
    }
    return new SortedRun.Intermediate(new Segment(file, 0, Files.size(file), (int) crc.getValue()));
  }

  private static List<RecordStream> openAll(List<SortedRun> runs) throws IOException {
    List<RecordStream> streams = new ArrayList<>();
    try {
      for (SortedRun run : runs) {
        streams.add(run.open());
      }
      return streams;
    } catch (IOException | RuntimeException e) {
      for (RecordStream stream : streams) {
        stream.close();
      }
      throw e;
    }
  }
}
