package io.gristmill.grpc.retry;

import java.time.Duration;
import java.util.Random;

/**
 * The waits between retries of one operation: exponential with full jitter ("Exponential Backoff And Jitter",
 * AWS Architecture Blog, 2015). The n-th wait (from 0) is drawn uniformly from {@code [0, min(max, initial *
 * multiplier^n)]}, so many clients that failed together spread their retries out instead of returning in step.
 *
 * <p>One instance per retry loop: it counts the retries. Not thread-safe. Give it a seeded {@link Random} in tests
 * to make the waits deterministic.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final double multiplier;
  private final Random random;
  private int retries;

  /**
   * @param initial ceiling of the first wait; positive
   * @param max ceiling of every wait; at least {@code initial}
   * @param multiplier growth of the ceiling per retry; at least 1
   * @param random source of the jitter
   */
  public Backoff(Duration initial, Duration max, double multiplier, Random random) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial backoff " + initial);
    }
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException("backoff multiplier must be at least 1, got " + multiplier);
    }
    this.initial = initial;
    this.max = max;
    this.multiplier = multiplier;
    this.random = random;
  }

  /** With an unseeded random source, for production use. */
  public Backoff(Duration initial, Duration max, double multiplier) {
    this(initial, max, multiplier, new Random());
  }

  /** The wait before the next retry; each call counts one retry. */
  public Duration next() {
    long ceiling = ceilingMillis(retries);
    if (retries < Integer.MAX_VALUE) {
      retries++;
    }
    return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
  }

  /** Starts over after a success: the next wait is drawn from {@code [0, initial]} again. */
  public void reset() {
    retries = 0;
  }

  /** Retries counted since the start or the last {@link #reset}. */
  public int retries() {
    return retries;
  }

  /** The upper bound of the {@code retry}-th wait (from 0), in milliseconds. */
  long ceilingMillis(int retry) {
    double ceiling = initial.toMillis() * Math.pow(multiplier, retry);
    return (long) Math.min(max.toMillis(), ceiling);
  }
}
