package io.gristmill.bench.reference;

import io.gristmill.bench.corpus.CorpusGenerator;
import io.gristmill.text.Utf8Words;
import io.gristmill.text.WordTable;
import io.gristmill.text.Words;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The word-count tokeniser on 4 MiB of the benchmark corpus, one thread: the platform's {@link Words} (decode to
 * chars, a {@code String} per word), the same counted into a {@code HashMap} (the combiner before the byte-level
 * one), and the byte-level tokeniser counting into its open-addressing table (the platform's word count and the
 * in-run reference). Each operation is the whole 4 MiB;
 * MiB/s = 4 × ops/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokeniserBenchmark {

  static final int SIZE = 4 << 20;

  byte[] text;

  @Setup
  public void generate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE);
    new CorpusGenerator(CorpusGenerator.DEFAULT_SEED).write(0, SIZE, out);
    text = out.toByteArray();
  }

  @Benchmark
  public void platformWords(Blackhole bh) {
    Words.forEach(text, 0, text.length, bh::consume);
  }

  @Benchmark
  public Map<String, Long> platformWordsIntoHashMap() {
    Map<String, Long> counts = new HashMap<>();
    Words.forEach(text, 0, text.length, w -> counts.merge(w, 1L, Long::sum));
    return counts;
  }

  /** What the platform's word count and the reference both do: {@link Utf8Words} into a {@link WordTable}. */
  @Benchmark
  public WordTable byteTokeniserIntoWordTable() {
    WordTable table = new WordTable();
    Utf8Words.forEach(text, 0, text.length, table);
    return table;
  }
}
