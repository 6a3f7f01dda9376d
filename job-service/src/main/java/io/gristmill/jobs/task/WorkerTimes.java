package io.gristmill.jobs.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an attempt started and ended as its worker measured them, already shifted onto the job service's clock.
 *
 * @param startedAt empty when the worker did not say
 * @param finishedAt empty when the worker did not say
 */
public record WorkerTimes(Optional<Instant> startedAt, Optional<Instant> finishedAt) {

  public static final WorkerTimes UNKNOWN = new WorkerTimes(Optional.empty(), Optional.empty());

  /**
   * Shifts a worker's epoch milliseconds (0 = not reported) by its clock offset (worker clock minus ours); unknown
   * without an offset, since unshifted times from another machine would not line up with the others.
   */
  public static WorkerTimes shifted(long startedAtMillis, long finishedAtMillis, Optional<Duration> offset) {
    if (offset.isEmpty()) {
      return UNKNOWN;
    }
    return new WorkerTimes(shift(startedAtMillis, offset.get()), shift(finishedAtMillis, offset.get()));
  }

  private static Optional<Instant> shift(long millis, Duration offset) {
    return millis <= 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis).minus(offset));
  }
}
