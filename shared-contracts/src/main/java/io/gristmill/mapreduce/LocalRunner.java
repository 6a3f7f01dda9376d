package io.gristmill.mapreduce;

import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.RawCombiner;
import io.gristmill.mapreduce.runtime.RawMapper;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.mapreduce.runtime.TypedJobRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a whole job in this JVM, in memory, over local files: for a job author's unit tests. It follows the
 * platform's rules exactly: the same lines (split at {@code '\n'}, a CR before it dropped for typed mappers,
 * invalid UTF-8 replaced), the same partitioner, keys sorted by their bytes, the combiner run over each map task's
 * output, and the same {@code key<TAB>value} output per partition, so a job gives the platform's output.
 * Each input file is one map task; values reach the reducer in map-task order.
 *
 * <pre>{@code
 * LocalResult result = LocalRunner.run(JobDefinition.of(Tokenizer.class, Sum.class),
 *     List.of(Path.of("src/test/resources/input.txt")), 2, Map.of());
 * assertEquals("a\t2\nb\t1\n", result.output());
 * }</pre>
 */
public final class LocalRunner {

  private static final Comparator<byte[][]> BY_KEY = (a, b) -> Arrays.compareUnsigned(a[0], b[0]);

  private LocalRunner() {}

  /** Runs {@code job} over {@code inputs} with {@code reducers} reduce tasks and {@code params}. */
  public static LocalResult run(JobDefinition job, List<Path> inputs, int reducers, Map<String, String> params)
      throws IOException {
    return run(new TypedJobRuntime(job), inputs, reducers, params);
  }

  /** Runs a job given at the engine level (the platform's built-in jobs are written this way). */
  public static LocalResult run(JobRuntime job, List<Path> inputs, int reducers, Map<String, String> params)
      throws IOException {
    if (reducers < 1) {
      throw new IllegalArgumentException("reducers must be at least 1, got " + reducers);
    }
    JobParameters parameters = new JobParameters(params);
    Counters counters = new Counters();
    List<List<byte[][]>> partitions = new ArrayList<>();
    for (int p = 0; p < reducers; p++) {
      partitions.add(new ArrayList<>());
    }
    try {
      for (Path input : inputs) {
        map(job, input, new TaskEnvironment(parameters, reducers, input.getFileName().toString(), counters),
            partitions);
      }
      List<byte[]> outputs = new ArrayList<>();
      for (List<byte[][]> records : partitions) {
        outputs.add(reduce(job, records, new TaskEnvironment(parameters, reducers, "", counters)));
      }
      return new LocalResult(outputs, counters.snapshot());
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void map(JobRuntime job, Path input, TaskEnvironment environment, List<List<byte[][]>> out)
      throws Exception {
    byte[] bytes = Files.readAllBytes(input);
    List<List<byte[][]>> task = new ArrayList<>();
    for (int p = 0; p < out.size(); p++) {
      task.add(new ArrayList<>());
    }
    Counters counters = environment.counters();
    RawMapper mapper = job.mapper(environment, (partition, key, value) -> {
      task.get(partition).add(new byte[][] {key, value});
      counters.add("map.output.records", 1);
    });
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      mapper.map(start, bytes, start, end - start);
      counters.add("map.input.records", 1);
      start = end + 1;
    }
    counters.add("map.input.bytes", bytes.length);
    mapper.finish();
    Optional<RawCombiner> combiner = job.combiner(environment);
    for (int p = 0; p < out.size(); p++) {
      List<byte[][]> records = task.get(p);
      records.sort(BY_KEY);
      out.get(p).addAll(combiner.isPresent() ? combine(combiner.get(), records, counters) : records);
    }
  }

  private static List<byte[][]> combine(RawCombiner combiner, List<byte[][]> sorted, Counters counters)
      throws Exception {
    List<byte[][]> combined = new ArrayList<>();
    for (int i = 0; i < sorted.size(); ) {
      int end = groupEnd(sorted, i);
      combiner.combine(sorted.get(i)[0], values(sorted, i, end), (k, v) -> combined.add(new byte[][] {k, v}));
      counters.add("combine.input.records", end - i);
      i = end;
    }
    counters.add("combine.output.records", combined.size());
    return combined;
  }

  private static byte[] reduce(JobRuntime job, List<byte[][]> records, TaskEnvironment environment)
      throws Exception {
    records.sort(BY_KEY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Counters counters = environment.counters();
    RawReducer reducer = job.reducer(environment, (key, value) -> {
      out.writeBytes(key);
      out.write('\t');
      out.writeBytes(value);
      out.write('\n');
      counters.add("reduce.output.records", 1);
    });
    for (int i = 0; i < records.size(); ) {
      int end = groupEnd(records, i);
      reducer.reduce(records.get(i)[0], values(records, i, end));
      counters.add("reduce.input.groups", 1);
      counters.add("reduce.input.records", end - i);
      i = end;
    }
    reducer.finish();
    return out.toByteArray();
  }

  private static int groupEnd(List<byte[][]> sorted, int start) {
    int end = start + 1;
    while (end < sorted.size() && Arrays.equals(sorted.get(end)[0], sorted.get(start)[0])) {
      end++;
    }
    return end;
  }

  private static Iterator<byte[]> values(List<byte[][]> records, int from, int to) {
    return records.subList(from, to).stream().map(r -> r[1]).iterator();
  }
}
