package io.gristmill.jobs.task;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a task waits before running again after its n-th failed attempt: exponential backoff with full jitter,
 * a uniformly random delay in [0, min(max, initial * 2^(n-1))), so that tasks failing together do not come back
 * together.
 *
 * @param initial the cap of the delay after the first failure
 * @param max the largest cap
 */
public record RetryBackoff(Duration initial, Duration max) {

  public RetryBackoff {
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + " and " + max);
    }
  }

  /** The cap of the delay after {@code failures} failed attempts (at least 1). */
  public Duration cap(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    long capMillis = initial.toMillis() << doublings;
    return capMillis < 0 || capMillis > max.toMillis() ? max : Duration.ofMillis(capMillis);
  }

  /** A random delay below {@link #cap(int)}; zero when the cap is zero. */
  public Duration delay(int failures, RandomGenerator random) {
    long cap = cap(failures).toMillis();
    return cap <= 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(cap));
  }
}
