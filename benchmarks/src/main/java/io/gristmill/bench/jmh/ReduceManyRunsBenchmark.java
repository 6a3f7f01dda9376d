package io.gristmill.bench.jmh;

import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.worker.merge.KeyGroups;
import io.gristmill.worker.merge.MultiPassMerge;
import io.gristmill.worker.merge.SortedRun;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.Varint;
import io.gristmill.worker.wordcount.WordCount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The reduce of the benchmark's 1,000-task job with the worker's real classes: 1,000 tiny sorted runs (the
 * combined counts of 4 KiB of the corpus each) merged by {@link MultiPassMerge} with the default factor of 64,
 * grouped and summed by word count's reducer. {@code disk}: every run a scratch file, as a reduce copies them with
 * {@code shuffle-memory} at 0 (an intermediate pass through disk first); {@code memory}: every run in memory, as a
 * reduce reads its own worker's outputs within the budget (one pass). One operation is the whole merge; the files
 * are written again before each operation, outside the measurement, since a pass deletes the runs it merged.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReduceManyRunsBenchmark {

  static final int RUNS = 1000;
  static final int RUN_TEXT_BYTES = 4 << 10;
  static final int MERGE_FACTOR = 64;

  @Param({"disk", "memory"})
  String runs;

  JobRuntime wordCount = new WordCount().runtime();
  List<byte[]> encoded;
  Path dir;
  List<SortedRun> sorted;

  @Setup
  public void encodeRuns() throws IOException {
    List<byte[]> words = EngineRecords.words(RUNS * RUN_TEXT_BYTES);
    encoded = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      TreeMap<byte[], Long> counts = new TreeMap<>(Arrays::compareUnsigned);
      for (byte[] word : words.subList(words.size() * r / RUNS, words.size() * (r + 1) / RUNS)) {
        counts.merge(word, 1L, Long::sum);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (RecordFormat.Writer writer = RecordFormat.writer(bytes)) {
        for (var entry : counts.entrySet()) {
          writer.write(entry.getKey(), Varint.encode(entry.getValue()));
        }
      }
      encoded.add(bytes.toByteArray());
    }
    dir = Files.createTempDirectory("gristmill-jmh-many-runs");
  }

  @Setup(Level.Invocation)
  public void placeRuns() throws IOException {
    sorted = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      if (runs.equals("memory")) {
        sorted.add(SortedRun.inMemory(encoded.get(r)));
      } else {
        Path file = dir.resolve(String.format("map-%05d.run", r));
        Files.write(file, encoded.get(r));
        sorted.add(SortedRun.onDisk(file));
      }
    }
  }

  @TearDown
  public void removeRuns() {
    EngineRecords.deleteTree(dir);
  }

  @Benchmark
  public long mergeGroupReduce(Blackhole bh) throws Exception {
    RawReducer reducer = wordCount.reducer(EngineRecords.environment(1), (word, count) -> bh.consume(count));
    try (SortedRunMerger merged = new MultiPassMerge(MERGE_FACTOR, dir).open(sorted)) {
      KeyGroups groups = new KeyGroups(merged);
      while (groups.nextGroup()) {
        reducer.reduce(groups.key(), groups.values());
      }
      reducer.finish();
      return groups.groups();
    }
  }
}
