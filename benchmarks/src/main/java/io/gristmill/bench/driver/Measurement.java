package io.gristmill.bench.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured figure over several runs, with what it is compared to.
 *
 * @param key stable identifier in the JSON report
 * @param label what the Markdown table calls it
 * @param unit e.g. {@code s}, {@code ms}, {@code MiB/s}
 * @param samples one value per measured run (warm-up runs excluded)
 * @param reference the same figure for the in-run reference program, or null
 * @param target the goal, or null
 */
public record Measurement(
    String key, String label, String unit, List<Double> samples, Reference reference, Target target) {

  /** A reference figure, in the measurement's unit. */
  public record Reference(String label, double value) {}

  public Measurement {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException(key + " has no samples");
    }
    samples = List.copyOf(samples);
  }

  public double median() {
    List<Double> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public double min() {
    return samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  public double max() {
    return samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  /** Half the range as a percentage of the median: the runs lie within median ± spread. */
  public double spreadPercent() {
    double median = median();
    return median == 0 ? 0 : (max() - min()) / 2 / median * 100;
  }

  /** Median over the reference's value; NaN without a reference. */
  public double ratio() {
    return reference == null || reference.value() == 0 ? Double.NaN : median() / reference.value();
  }

  /** Null when there is no target. */
  public Boolean targetMet() {
    return target == null ? null : target.met(median(), ratio());
  }
}
