package io.gristmill.bench.jmh;

import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.worker.merge.KeyGroups;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import io.gristmill.worker.record.Varint;
import io.gristmill.worker.wordcount.WordCount;
import java.io.IOException;
import java.io.OutputStream;
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
 * The reduce side with the worker's real classes: {@code runs} sorted runs on disk in the shuffle's record
 * format, as a reduce task holds them after fetching one partition from each map, each the combined counts of a
 * different 1 MiB of the corpus; merged with {@link SortedRunMerger}'s tournament tree, grouped by
 * {@link KeyGroups} and summed by word count's reducer. One operation is the whole merge: records/s = ops/s × the
 * record count printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReduceMergeBenchmark {

  static final int RUN_TEXT_BYTES = 1 << 20;

  @Param({"8", "64"})
  int runs;

  JobRuntime wordCount = new WordCount().runtime();
  Path dir;
  List<Path> files;

  @Setup
  public void writeRuns() throws IOException {
    List<byte[]> words = EngineRecords.words(RUN_TEXT_BYTES * 8);
    dir = Files.createTempDirectory("gristmill-jmh-merge");
    files = new ArrayList<>();
    long records = 0;
    for (int r = 0; r < runs; r++) {
      // Runs 8 and up reuse the text of runs 0-7, shifted, so every run holds a different mix of counts.
      int from = (int) ((long) words.size() * (r % 8) / 8);
      int to = (int) ((long) words.size() * (r % 8 + 1) / 8);
      TreeMap<byte[], Long> counts = new TreeMap<>(Arrays::compareUnsigned);
      for (byte[] word : words.subList(from, to)) {
        counts.merge(word, 1L + r / 8, Long::sum);
      }
      Path file = dir.resolve("run-" + r);
      try (OutputStream out = Files.newOutputStream(file); RecordFormat.Writer writer = RecordFormat.writer(out)) {
        for (var entry : counts.entrySet()) {
          writer.write(entry.getKey(), Varint.encode(entry.getValue()));
        }
        records += writer.records();
      }
      files.add(file);
    }
    System.out.println("records per operation: " + records);
  }

  @TearDown
  public void removeRuns() {
    EngineRecords.deleteTree(dir);
  }

  @Benchmark
  public long mergeGroupReduce(Blackhole bh) throws Exception {
    List<RecordStream> streams = new ArrayList<>();
    for (Path file : files) {
      streams.add(RecordFormat.reader(Files.newInputStream(file)));
    }
    RawReducer reducer = wordCount.reducer(EngineRecords.environment(1), (word, count) -> bh.consume(count));
    try (SortedRunMerger merged = new SortedRunMerger(streams)) {
      KeyGroups groups = new KeyGroups(merged);
      while (groups.nextGroup()) {
        reducer.reduce(groups.key(), groups.values());
      }
      reducer.finish();
      return groups.groups();
    }
  }
}
