package io.gristmill.bench.jmh;

import io.gristmill.bench.corpus.CorpusGenerator;
import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.JobParameters;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.text.Utf8Words;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Map output records as word count makes them, from the benchmark corpus, for the engine micro-benchmarks. */
final class EngineRecords {

  private EngineRecords() {}

  /** Every word of the corpus's first {@code bytes} bytes, lower-cased, in text order. */
  static List<byte[]> words(int bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes);
    new CorpusGenerator(CorpusGenerator.DEFAULT_SEED).write(0, bytes, out);
    byte[] text = out.toByteArray();
    List<byte[]> words = new ArrayList<>();
    Utf8Words.forEach(text, 0, text.length, (buf, start, length, hash) ->
        words.add(Utf8Words.lowerCase(buf, start, length)));
    return words;
  }

  static TaskEnvironment environment(int reducers) {
    return new TaskEnvironment(new JobParameters(Map.of()), reducers, "bench", new Counters());
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
