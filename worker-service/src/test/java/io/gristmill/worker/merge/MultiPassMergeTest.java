package io.gristmill.worker.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.worker.mapoutput.CorruptMapOutputException;
import io.gristmill.worker.record.RecordFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiPassMergeTest {

  @TempDir
  Path scratch;

  /** A record with where it came from, so the reference can order equal keys by run and position. */
  private record Entry(byte[] key, byte[] value, int run, int position) {
    String line() {
      return new String(key, StandardCharsets.UTF_8) + "=" + new String(value, StandardCharsets.UTF_8);
    }
  }

  @Test
  void mergesElevenRunsWithFactorThreeInTwoIntermediatePassesExactlyLikeAStableSort() throws Exception {
    List<Entry> written = writeRuns(11, 400, 1);

    MultiPassMerge merge = new MultiPassMerge(3, scratch);
    List<String> merged;
    try (SortedRunMerger stream = merge.open(runFiles(11))) {
      // Disk stays bounded: the merged inputs are gone, only the runs of the final merge are left.
      assertThat(filesIn(scratch)).hasSizeLessThanOrEqualTo(3);
      merged = drain(stream);
    }

    assertThat(merged).isEqualTo(reference(written));
    // 11 runs -> 4 (three groups of 3 and one of 2) -> 2 (one group of 3, one run left): two passes.
    assertThat(merge.passes()).isEqualTo(2);
  }

  @Test
  void mergesWithFactorTwoLikeAReferenceWhateverTheNumberOfRuns() throws Exception {
    // Runs -> intermediate passes: each pass halves the runs until two are left for the final merge.
    Map<Integer, Integer> passes = Map.of(1, 0, 2, 0, 3, 1, 5, 2, 8, 2, 9, 3);
    for (int runs : new int[] {1, 2, 3, 5, 8, 9}) {
      Path dir = Files.createDirectories(scratch.resolve("runs-" + runs));
      List<Entry> written = writeRuns(dir, runs, 150, 10 + runs);
      MultiPassMerge merge = new MultiPassMerge(2, dir);
      try (SortedRunMerger stream = merge.open(runFiles(dir, runs))) {
        assertThat(drain(stream)).as(runs + " runs").isEqualTo(reference(written));
      }
      assertThat(merge.passes()).as(runs + " runs").isEqualTo(passes.get(runs));
    }
  }

  @Test
  void mergesAThousandTinyRunsInMemoryInOnePassExactlyLikeAStableSort() throws Exception {
    List<Entry> written = writeRuns(1000, 30, 3);
    List<SortedRun> runs = new ArrayList<>();
    for (SortedRun file : runFiles(1000)) {
      Path path = ((SortedRun.OnDisk) file).file();
      runs.add(SortedRun.inMemory(Files.readAllBytes(path)));
      Files.delete(path);
    }

    MultiPassMerge merge = new MultiPassMerge(3, scratch);
    try (SortedRunMerger stream = merge.open(runs)) {
      assertThat(drain(stream)).isEqualTo(reference(written));
    }

    // Runs in memory do not count against the factor: no intermediate pass, nothing written.
    assertThat(merge.passes()).isZero();
    assertThat(filesIn(scratch)).isEmpty();
  }

  @Test
  void mergesRunsInMemoryBetweenRunsOnDiskPastTheFactorExactlyLikeAStableSort() throws Exception {
    List<Entry> written = writeRuns(12, 200, 4);
    List<SortedRun> runs = new ArrayList<>();
    List<SortedRun> files = runFiles(12);
    for (int run = 0; run < files.size(); run++) {
      Path path = ((SortedRun.OnDisk) files.get(run)).file();
      // Every third run in memory: 8 on disk with factor 3, and runs in memory inside the groups merged.
      if (run % 3 == 1) {
        runs.add(SortedRun.inMemory(Files.readAllBytes(path)));
        Files.delete(path);
      } else {
        runs.add(files.get(run));
      }
    }

    MultiPassMerge merge = new MultiPassMerge(3, scratch);
    try (SortedRunMerger stream = merge.open(runs)) {
      assertThat(filesIn(scratch)).hasSizeLessThanOrEqualTo(3);
      assertThat(drain(stream)).isEqualTo(reference(written));
    }

    // 8 on disk -> 3 in one pass: groups with 3, 3 and 2 runs on disk, each with the runs in memory among them.
    assertThat(merge.passes()).isEqualTo(1);
  }

  @Test
  void anIntermediateRunWhoseBytesChangedOnDiskFailsItsChecksum() throws Exception {
    writeRuns(3, 50, 2);
    MultiPassMerge merge = new MultiPassMerge(2, scratch);

    try (SortedRunMerger stream = merge.open(runFiles(3))) {
      Path intermediate = scratch.resolve("merge-1-00000.run");
      byte[] bytes = Files.readAllBytes(intermediate);
      bytes[bytes.length - 1] ^= 1; // the last byte of the last value: the records still parse
      Files.write(intermediate, bytes);

      assertThatThrownBy(() -> drain(stream))
          .isInstanceOf(CorruptMapOutputException.class)
          .hasMessage("map output " + intermediate + " bytes [0, " + bytes.length + ") fail their CRC32C check");
    }
  }

  @Test
  void refusesAFactorBelowTwo() {
    assertThatThrownBy(() -> new MultiPassMerge(1, scratch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the merge factor must be at least 2, got 1");
  }

  private List<Entry> writeRuns(int runs, int records, long seed) throws IOException {
    return writeRuns(scratch, runs, records, seed);
  }

  /** Sorted runs of keys drawn from a small alphabet, so that many keys repeat within and across runs. */
  private static List<Entry> writeRuns(Path dir, int runs, int records, long seed) throws IOException {
    Random random = new Random(seed);
    List<Entry> all = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      List<byte[]> keys = new ArrayList<>();
      int count = random.nextInt(records + 1);
      for (int i = 0; i < count; i++) {
        keys.add(("k" + random.nextInt(records / 3 + 1) + (random.nextBoolean() ? "é" : "")).getBytes(
            StandardCharsets.UTF_8));
      }
      keys.sort(Arrays::compareUnsigned);
      try (RecordFormat.Writer out = RecordFormat.writer(Files.newOutputStream(dir.resolve(name(run))))) {
        for (int i = 0; i < keys.size(); i++) {
          byte[] value = ("r" + run + "p" + i).getBytes(StandardCharsets.UTF_8);
          out.write(keys.get(i), value);
          all.add(new Entry(keys.get(i), value, run, i));
        }
      }
    }
    return all;
  }

  private static List<String> reference(List<Entry> entries) {
    return entries.stream()
        .sorted(Comparator.comparing(Entry::key, Arrays::compareUnsigned)
            .thenComparingInt(Entry::run).thenComparingInt(Entry::position))
        .map(Entry::line)
        .toList();
  }

  private List<SortedRun> runFiles(int runs) {
    return runFiles(scratch, runs);
  }

  private static List<SortedRun> runFiles(Path dir, int runs) {
    List<SortedRun> files = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      files.add(SortedRun.onDisk(dir.resolve(name(run))));
    }
    return files;
  }

  private static String name(int run) {
    return String.format("map-%05d.run", run);
  }

  private static List<String> drain(SortedRunMerger stream) throws IOException {
    List<String> out = new ArrayList<>();
    while (stream.next()) {
      out.add(new String(stream.key(), StandardCharsets.UTF_8) + "=" + new String(stream.value(),
          StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
