package io.gristmill.worker.invertedindex;

import io.gristmill.mapreduce.Combiner;
import io.gristmill.mapreduce.Emitter;
import io.gristmill.mapreduce.InputLine;
import io.gristmill.mapreduce.JobDefinition;
import io.gristmill.mapreduce.MapContext;
import io.gristmill.mapreduce.Mapper;
import io.gristmill.mapreduce.ReduceContext;
import io.gristmill.mapreduce.Reducer;
import io.gristmill.mapreduce.Serde;
import io.gristmill.mapreduce.Serdes;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.TypedJobRuntime;
import io.gristmill.text.Words;
import io.gristmill.worker.job.JobType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Inverted index, written on the public API: for every word ({@link Words}), the input file names that contain
 * it, de-duplicated and sorted in UTF-8 byte order: {@code word<TAB>name1,name2,...}. The mapper emits a word once
 * per line and the combiner once per map task, so a common word costs one record per split, not one per use.
 */
public final class InvertedIndex implements JobType {

  public static final String NAME = "inverted-index";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobRuntime runtime() {
    return new TypedJobRuntime(JobDefinition.of(IndexMapper.class, IndexReducer.class)
        .withCombiner(DistinctFiles.class));
  }

  /** Emits (word, file name) once per distinct word of a line. */
  public static final class IndexMapper implements Mapper<String, String> {
    @Override
    public void map(InputLine line, MapContext<String, String> context) {
      Set<String> words = new HashSet<>();
      Words.forEach(line.text(), words::add);
      for (String word : words) {
        context.emit(word, line.fileName());
      }
    }

    @Override
    public Serde<String> keySerde() {
      return Serdes.utf8();
    }

    @Override
    public Serde<String> valueSerde() {
      return Serdes.utf8();
    }
  }

  /** Drops repeated file names of a word. */
  public static final class DistinctFiles implements Combiner<String, String> {
    @Override
    public void combine(String word, Iterable<String> files, Emitter<String, String> out) {
      Set<String> seen = new HashSet<>();
      for (String file : files) {
        if (seen.add(file)) {
          out.emit(word, file);
        }
      }
    }
  }

  /** Joins a word's distinct file names, sorted by their UTF-8 bytes, with commas. */
  public static final class IndexReducer implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String word, Iterable<String> files, ReduceContext<String, String> context) {
      Set<String> sorted = new TreeSet<>((a, b) -> Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      files.forEach(sorted::add);
      context.write(word, String.join(",", sorted));
    }
  }
}
