package io.gristmill.bench;

import io.gristmill.local.platform.CommandLineOptions;
import io.gristmill.local.platform.DataSizes;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What {@code bin/gristmill bench} was asked to do.
 *
 * @param size corpus bytes
 * @param runs measured runs of each figure, after a warm-up
 * @param corpusDir where the corpus is generated, or found and reused
 * @param stateDir the local platform's state directory: a platform running from it is used, else one is started
 *     there; results go to its {@code bench/results}
 * @param reducers reduce tasks of the word-count job
 * @param profile record the services with Flight Recorder during one extra word count and summarise the profile
 */
public record BenchOptions(long size, int runs, Path corpusDir, Path stateDir, int reducers, boolean profile) {

  public static final long DEFAULT_SIZE = 1L << 30;
  public static final int DEFAULT_RUNS = 3;

  public static final String USAGE = """
      Usage: bin/gristmill bench [wordcount] [OPTIONS]

      Generates (or reuses) an English-like corpus, runs the in-run references (a plain single-JVM word count,
      a file copy and a file read), then measures the platform on the same bytes: upload, word count from
      submission to SUCCEEDED, download, and the scheduling overhead of a tiny job and of a 1,000-task job.
      Prints a table next to the performance targets and writes it as JSON and Markdown.

      Options:
        --size SIZE        corpus size: bytes or 256MiB, 1GiB... (default 1GiB)
        --runs N           measured runs of each figure after a warm-up (default 3)
        --corpus-dir DIR   where the corpus is kept (default STATE-DIR/bench/corpus)
        --state-dir DIR    platform state; a platform running from it is used, else one is started (default .gristmill)
        --reducers R       reduce tasks of the word-count job (default: number of cores)
        --profile          also record every service with Flight Recorder during one more word count
      """;

  public BenchOptions {
    if (size < io.gristmill.bench.corpus.CorpusGenerator.MIN_SIZE) {
      throw new IllegalArgumentException("--size must be at least "
          + io.gristmill.bench.corpus.CorpusGenerator.MIN_SIZE + " bytes, was " + size);
    }
    if (runs < 1 || runs > 100) {
      throw new IllegalArgumentException("--runs must be between 1 and 100, was " + runs);
    }
    if (reducers < 1 || reducers > 1000) {
      throw new IllegalArgumentException("--reducers must be between 1 and 1000, was " + reducers);
    }
    stateDir = stateDir.toAbsolutePath().normalize();
    corpusDir = corpusDir == null ? stateDir.resolve("bench").resolve("corpus") : corpusDir.toAbsolutePath().normalize();
  }

  public Path resultsDir() {
    return stateDir.resolve("bench").resolve("results");
  }

  public static BenchOptions parse(String[] args) {
    long size = DEFAULT_SIZE;
    int runs = DEFAULT_RUNS;
    Path corpusDir = null;
    Path stateDir = Path.of(".gristmill");
    int reducers = Math.max(1, Runtime.getRuntime().availableProcessors());
    boolean profile = false;
    List<CommandLineOptions.Option> options = CommandLineOptions.read(args, 0, Set.of("--profile"),
        Set.of("--size", "--runs", "--corpus-dir", "--state-dir", "--reducers"), "");
    for (int i = 0; i < options.size(); i++) {
      CommandLineOptions.Option option = options.get(i);
      if (option.positional()) {
        if (i == 0 && option.value().equals("wordcount")) {
          continue;
        }
        throw new IllegalArgumentException("unexpected argument '" + option.value() + "'");
      }
      switch (option.name()) {
        case "--profile" -> profile = true;
        case "--size" -> size = DataSizes.parse(option.value());
        case "--runs" -> runs = option.integer();
        case "--corpus-dir" -> corpusDir = Path.of(option.value());
        case "--state-dir" -> stateDir = Path.of(option.value());
        default -> reducers = option.integer();
      }
    }
    return new BenchOptions(size, runs, corpusDir, stateDir, reducers, profile);
  }
}
