package io.gristmill.bench;

import io.gristmill.bench.driver.Driver;

/**
 * Entry point of the benchmark suite ({@code bin/gristmill bench}). Exit codes: 0 done, 1 a measurement failed or
 * the platform's output differed from the reference, 2 the command line was wrong.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("gristmill bench: " + e.getMessage() + "\n");
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      System.exit(new Driver(options, System.out, System.err).run());
    } catch (Exception e) {
      System.err.println("gristmill bench: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }
}
