package io.gristmill.bench.driver;

/**
 * A goal from the performance issue, checked against a measurement's median (and its reference's value).
 *
 * @param kind how {@code bound} is compared
 * @param bound the limit, in the measurement's unit or as a ratio to the reference
 * @param text how the report shows it, e.g. {@code ≤ 2× reference}
 */
public record Target(Kind kind, double bound, String text) {

  public enum Kind { AT_MOST, AT_LEAST, RATIO_AT_MOST, RATIO_AT_LEAST }

  public static Target atMost(double bound, String text) {
    return new Target(Kind.AT_MOST, bound, text);
  }

  public static Target atLeast(double bound, String text) {
    return new Target(Kind.AT_LEAST, bound, text);
  }

  public static Target ratioAtMost(double bound, String text) {
    return new Target(Kind.RATIO_AT_MOST, bound, text);
  }

  public static Target ratioAtLeast(double bound, String text) {
    return new Target(Kind.RATIO_AT_LEAST, bound, text);
  }

  /** Whether {@code median} meets the goal; {@code ratio} is median / reference, NaN without a reference. */
  public boolean met(double median, double ratio) {
    return switch (kind) {
      case AT_MOST -> median <= bound;
      case AT_LEAST -> median >= bound;
      case RATIO_AT_MOST -> ratio <= bound;
      case RATIO_AT_LEAST -> ratio >= bound;
    };
  }
}
