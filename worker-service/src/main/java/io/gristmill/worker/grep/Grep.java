package io.gristmill.worker.grep;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gristmill.mapreduce.InputLine;
import io.gristmill.mapreduce.JobDefinition;
import io.gristmill.mapreduce.JobParameters;
import io.gristmill.mapreduce.MapContext;
import io.gristmill.mapreduce.Mapper;
import io.gristmill.mapreduce.ReduceContext;
import io.gristmill.mapreduce.Reducer;
import io.gristmill.mapreduce.Serde;
import io.gristmill.mapreduce.Serdes;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.TypedJobRuntime;
import io.gristmill.worker.job.JobType;

/**
 * Grep, written on the public API: every line that {@code params.pattern} matches anywhere (RE2 syntax, matched
 * in time linear in the line, so no pattern can backtrack catastrophically) becomes {@code FILE_NAME:BYTE_OFFSET<TAB>line}.
 * {@code params.ignoreCase=true} matches case-insensitively. Keys are unique, so a combiner would not help.
 */
public final class Grep implements JobType {

  public static final String NAME = "grep";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobRuntime runtime() {
    return new TypedJobRuntime(JobDefinition.of(GrepMapper.class, GrepReducer.class));
  }

  /** The pattern a job's parameters describe. @throws IllegalArgumentException naming what is wrong */
  public static Pattern pattern(JobParameters parameters) {
    String regex = parameters.require("pattern");
    boolean ignoreCase = parameters.getBoolean("ignoreCase", false);
    try {
      return Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("params.pattern is not a valid RE2 expression: " + e.getMessage(), e);
    }
  }

  /** Emits (file:offset, line) for each matching line. */
  public static final class GrepMapper implements Mapper<String, String> {
    private Pattern pattern;

    @Override
    public void setup(MapContext<String, String> context) {
      pattern = pattern(context.parameters());
    }

    @Override
    public void map(InputLine line, MapContext<String, String> context) {
      String text = line.text();
      if (pattern.matcher(text).find()) {
        context.emit(line.fileName() + ":" + line.offset(), text);
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

  /** Writes each match as it came. */
  public static final class GrepReducer implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String key, Iterable<String> lines, ReduceContext<String, String> context) {
      for (String line : lines) {
        context.write(key, line);
      }
    }
  }
}
