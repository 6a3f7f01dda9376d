package io.gristmill.bench.driver;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs a measurement after its warm-up runs and keeps the measured values, logging each one. */
final class Sampler {

  /** One run of a measurement; returns its value. */
  interface Run {
    double once() throws Exception;
  }

  private final PrintStream log;

  Sampler(PrintStream log) {
    this.log = log;
  }

  List<Double> sample(String what, String unit, int warmups, Run warmup, int runs, Run run) throws Exception {
    for (int w = 1; w <= warmups; w++) {
      double v = warmup.once();
      log.printf(Locale.ROOT, "  %s: warm-up %d: %s %s%n", what, w, Report.number(v), unit);
    }
    List<Double> values = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      double v = run.once();
      values.add(v);
      log.printf(Locale.ROOT, "  %s: run %d/%d: %s %s%n", what, r, runs, Report.number(v), unit);
    }
    return values;
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double mebibytesPerSecond(long bytes, double seconds) {
    return bytes / (1024.0 * 1024.0) / seconds;
  }
}
