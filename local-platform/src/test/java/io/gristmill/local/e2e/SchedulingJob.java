package io.gristmill.local.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word count as a custom job whose tasks can be made slow, so that scheduling can be watched: its mapper sleeps
 * {@code mapDelayMillis} before its split and its reducer {@code reduceDelayMillis} before its partition, and the
 * mapper that meets a line containing {@code marker} first (it atomically creates {@code claimDir/claim}) sleeps
 * 60 s there, while any later attempt of that split runs normally: a straggler that a backup attempt overtakes.
 * Sleeps are interruptible, so a cancelled attempt stops at once. Its output equals {@link ReferenceWordCount}:
 * words are {@code \p{L}+} of each line decoded with replacement, lower-cased with {@code Locale.ROOT}.
 */
final class SchedulingJob {

  static final String MAPPER = "sched.Words";
  static final String REDUCER = "sched.Sum";

  private static final Map<String, String> SOURCES = Map.of(
      "sched/Words.java", """
          package sched;
          import io.gristmill.mapreduce.*;
          import java.nio.file.*;
          import java.util.Locale;
          import java.util.regex.*;
          public class Words implements Mapper<String, Long> {
            private static final Pattern LETTERS = Pattern.compile("\\\\p{L}+");
            public void setup(MapContext<String, Long> context) throws Exception {
              Thread.sleep(context.parameters().getLong("mapDelayMillis", 0));
            }
            public void map(InputLine line, MapContext<String, Long> context) throws Exception {
              String text = line.text();
              String marker = context.parameters().get("marker", "");
              if (!marker.isEmpty() && text.contains(marker)) {
                try {
                  Files.createFile(Path.of(context.parameters().require("claimDir"), "claim"));
                  Thread.sleep(60_000);
                } catch (FileAlreadyExistsException e) {
                  // A backup attempt: the first one claimed the straggler's role.
                }
              }
              Matcher m = LETTERS.matcher(text);
              while (m.find()) {
                context.emit(m.group().toLowerCase(Locale.ROOT), 1L);
              }
            }
            public Serde<String> keySerde() { return Serdes.utf8(); }
            public Serde<Long> valueSerde() { return Serdes.longs(); }
          }
          """,
      "sched/Sum.java", """
          package sched;
          import io.gristmill.mapreduce.*;
          public class Sum implements Reducer<String, Long, String, Long>, Combiner<String, Long> {
            public void setup(ReduceContext<String, Long> context) throws Exception {
              Thread.sleep(context.parameters().getLong("reduceDelayMillis", 0));
            }
            public void reduce(String key, Iterable<Long> values, ReduceContext<String, Long> context) {
              long total = 0;
              for (long v : values) total += v;
              context.write(key, total);
            }
            public void combine(String key, Iterable<Long> values, Emitter<String, Long> out) {
              long total = 0;
              for (long v : values) total += v;
              out.emit(key, total);
            }
          }
          """);

  private SchedulingJob() {}

  static byte[] jar() throws Exception {
    return Files.readAllBytes(JobJars.compile(SOURCES));
  }

  /** A submission body of this job over {@code inputs} with R = {@code reducers} and {@code params}. */
  static Map<String, Object> body(String artifact, List<String> inputs, int reducers, Map<String, String> params) {
    Map<String, Object> body = new HashMap<>();
    body.put("type", "custom");
    body.put("inputs", inputs);
    body.put("reducers", reducers);
    body.put("params", params);
    body.put("custom", Map.of("artifact", artifact, "mapper", MAPPER, "reducer", REDUCER, "combiner", REDUCER));
    return body;
  }

  static Path claimDir() throws Exception {
    return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "claims-");
  }
}
