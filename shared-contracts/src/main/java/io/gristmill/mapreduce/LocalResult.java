package io.gristmill.mapreduce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@link LocalRunner} produced: one output per reduce partition, exactly the bytes the platform's
 * {@code part-r-NNNNN} files would hold, and the job's counters.
 */
public final class LocalResult {

  private final List<byte[]> partitions;
  private final Map<String, Long> counters;

  LocalResult(List<byte[]> partitions, Map<String, Long> counters) {
    this.partitions = List.copyOf(partitions);
    this.counters = Map.copyOf(counters);
  }

  /** The bytes of {@code part-r-NNNNN} for partition {@code index}. */
  public byte[] partition(int index) {
    return partitions.get(index).clone();
  }

  public int partitions() {
    return partitions.size();
  }

  /** The job's counters by name, such as {@code map.input.records} and {@code user.<name>}. */
  public Map<String, Long> counters() {
    return counters;
  }

  /**
   * Every partition's lines merged by key (the bytes before the first TAB) in UTF-8 byte order, lines of equal
   * keys in partition order: what {@code GET /api/v1/jobs/{id}/output} answers for the same job.
   */
  public String output() {
    List<List<byte[]>> runs = new ArrayList<>();
    for (byte[] part : partitions) {
      runs.add(lines(part));
    }
    int[] next = new int[runs.size()];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      int best = -1;
      for (int r = 0; r < runs.size(); r++) {
        if (next[r] < runs.get(r).size()
            && (best < 0 || compareKeys(runs.get(r).get(next[r]), runs.get(best).get(next[best])) < 0)) {
          best = r;
        }
      }
      if (best < 0) {
        return out.toString(StandardCharsets.UTF_8);
      }
      out.writeBytes(runs.get(best).get(next[best]++));
      out.write('\n');
    }
  }

  /** Writes {@code part-r-00000} ... into {@code dir}, creating it if needed. */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int p = 0; p < partitions.size(); p++) {
      Files.write(dir.resolve(String.format("part-r-%05d", p)), partitions.get(p));
    }
  }

  private static List<byte[]> lines(byte[] part) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < part.length; i++) {
      if (part[i] == '\n') {
        if (i > start) {
          lines.add(Arrays.copyOfRange(part, start, i));
        }
        start = i + 1;
      }
    }
    if (start < part.length) {
      lines.add(Arrays.copyOfRange(part, start, part.length));
    }
    return lines;
  }

  private static int compareKeys(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, 0, keyLength(a), b, 0, keyLength(b));
  }

  private static int keyLength(byte[] line) {
    for (int i = 0; i < line.length; i++) {
      if (line[i] == '\t') {
        return i;
      }
    }
    return line.length;
  }
}
