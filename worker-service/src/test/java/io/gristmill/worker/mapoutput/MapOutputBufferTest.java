package io.gristmill.worker.mapoutput;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.runtime.RawCombiner;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import io.gristmill.worker.record.Varint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapOutputBufferTest {

  private static final int PARTITIONS = 3;

  @TempDir
  Path workDir;

  private static final RawCombiner SUM = (key, values, out) -> {
    long total = 0;
    while (values.hasNext()) {
      total += Varint.decode(values.next());
    }
    out.write(key, Varint.encode(total));
  };

  @Test
  void spillsWhenTheBufferFillsAndMergesTheSpillsIntoOneSortedIndexedOutput() throws IOException {
    Result result = run(2048, Optional.empty());

    assertThat(result.counters.get("spilled.records")).isGreaterThan(result.records.size() * 2L - 1);
    assertThat(result.partitions).isEqualTo(result.expectedRaw);
    // Spills are deleted once merged.
    try (Stream<Path> files = Files.list(result.dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("output", "index");
    }
  }

  @Test
  void combinesEachSpillAndAgainWhileMerging() throws IOException {
    Result result = run(2048, Optional.of(SUM));

    assertThat(result.partitions).isEqualTo(result.expectedSums);
    assertThat(result.counters.get("combine.input.records")).isGreaterThan(result.records.size());
    assertThat(result.counters.get("map.output.records")).isEqualTo(result.records.size());
  }

  @Test
  void writesTheSameOutputWithoutSpillingWhenEverythingFits() throws IOException {
    Result result = run(64 << 20, Optional.of(SUM));

    assertThat(result.partitions).isEqualTo(result.expectedSums);
    assertThat(result.counters.get("spilled.records")).isEqualTo(
        result.expectedSums.stream().mapToLong(List::size).sum());
  }

  private Result run(long limit, Optional<RawCombiner> combiner) throws IOException {
    Random random = new Random(17);
    List<String[]> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      records.add(new String[] {"k" + random.nextInt(200), Integer.toString(1 + random.nextInt(5))});
    }
    MapOutputStore store = new MapOutputStore(workDir);
    String attempt = UUID.randomUUID().toString();
    Path staging = store.stagingDir(attempt);
    Counters counters = new Counters();
    MapOutputBuffer buffer = new MapOutputBuffer(PARTITIONS, limit, combiner, staging, counters);
    for (String[] r : records) {
      byte[] key = r[0].getBytes(StandardCharsets.UTF_8);
      buffer.collect(partition(key), key, Varint.encode(Long.parseLong(r[1])));
    }
    buffer.finish();
    List<List<String>> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(read(MapOutputIndex.read(staging.resolve("index"), staging.resolve("output"), p)));
    }
    return new Result(records, partitions, expectedRaw(records), expectedSums(records), counters.snapshot(),
        staging);
  }

  private static int partition(byte[] key) {
    return Math.floorMod(Arrays.hashCode(key), PARTITIONS);
  }

  private static List<String> read(Segment segment) throws IOException {
    List<String> lines = new ArrayList<>();
    try (RecordStream in = RecordFormat.reader(new SegmentInputStream(segment))) {
      while (in.next()) {
        lines.add(new String(in.key(), StandardCharsets.UTF_8) + "=" + Varint.decode(in.value()));
      }
    }
    return lines;
  }

  /** Every record, sorted by key bytes per partition, equal keys in emission order. */
  private static List<List<String>> expectedRaw(List<String[]> records) {
    List<List<String>> expected = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      expected.add(records.stream()
          .filter(r -> partition(r[0].getBytes(StandardCharsets.UTF_8)) == partition)
          .sorted((a, b) -> Arrays.compareUnsigned(a[0].getBytes(StandardCharsets.UTF_8),
              b[0].getBytes(StandardCharsets.UTF_8)))
          .map(r -> r[0] + "=" + r[1])
          .toList());
    }
    return expected;
  }

  private static List<List<String>> expectedSums(List<String[]> records) {
    List<Map<String, Long>> sums = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      sums.add(new TreeMap<>());
    }
    for (String[] r : records) {
      sums.get(partition(r[0].getBytes(StandardCharsets.UTF_8))).merge(r[0], Long.parseLong(r[1]), Long::sum);
    }
    return sums.stream().map(m -> m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
        .toList();
  }

  private record Result(List<String[]> records, List<List<String>> partitions, List<List<String>> expectedRaw,
      List<List<String>> expectedSums, Map<String, Long> counters, Path dir) {}
}
