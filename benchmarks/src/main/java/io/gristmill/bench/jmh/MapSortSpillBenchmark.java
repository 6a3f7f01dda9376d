package io.gristmill.bench.jmh;

import io.gristmill.mapreduce.HashPartitioner;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.worker.mapoutput.MapOutputBuffer;
import io.gristmill.worker.record.Varint;
import io.gristmill.worker.wordcount.WordCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/**
 * The map side of the shuffle with the worker's real classes: every word of 4 MiB of the corpus (about 600,000
 * records of word and count 1, as a map without a table would emit them) collected into a {@link MapOutputBuffer}
 * with word count's combiner, sorted, combined, spilled and, when the buffer is small enough to spill, merged
 * into one indexed output. {@code sortBuffer} 64 MiB never spills; 1 MiB spills about 20 times. One operation is
 * the whole set: records/s = ops/s × the record count printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MapSortSpillBenchmark {

  static final int TEXT_BYTES = 4 << 20;
  static final int REDUCERS = 2;

  @Param({"67108864", "1048576"})
  long sortBuffer;

  List<byte[]> words;
  int[] partitions;
  byte[] one = Varint.encode(1);
  JobRuntime wordCount = new WordCount().runtime();
  Path root;
  Path dir;
  int round;

  @Setup
  public void generate() throws IOException {
    words = EngineRecords.words(TEXT_BYTES);
    partitions = words.stream().mapToInt(w -> HashPartitioner.partition(w, REDUCERS)).toArray();
    root = Files.createTempDirectory("gristmill-jmh-map");
    System.out.println("records per operation: " + words.size());
  }

  @Setup(Level.Invocation)
  public void freshDirectory() throws IOException {
    dir = Files.createDirectory(root.resolve("attempt-" + round++));
  }

  @TearDown(Level.Invocation)
  public void removeOutput() {
    EngineRecords.deleteTree(dir);
  }

  @TearDown
  public void removeRoot() {
    EngineRecords.deleteTree(root);
  }

  @Benchmark
  public long collectSortCombineSpill() throws Exception {
    TaskEnvironment environment = EngineRecords.environment(REDUCERS);
    MapOutputBuffer buffer = new MapOutputBuffer(REDUCERS, sortBuffer, wordCount.combiner(environment), dir,
        environment.counters());
    for (int i = 0; i < words.size(); i++) {
      // The buffer owns what it is given, as the collector's contract says; a map hands over fresh arrays.
      buffer.collect(partitions[i], words.get(i), one);
    }
    return buffer.finish();
  }
}
