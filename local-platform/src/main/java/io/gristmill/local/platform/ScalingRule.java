package io.gristmill.local.platform;

import java.time.Clock;
import java.time.Instant;

/**
 * How many workers the backlog wants: {@code ceil((pending + running) / slots per worker)}, kept between the
 * bounds. More workers are wanted at once; fewer only once the platform has had no pending task for the whole
 * cool-down, so a short lull between two jobs (or between a job's maps and reduces) retires nobody. Plain Java, its
 * time from the injected clock.
 */
final class ScalingRule {

  /** Tasks of active jobs waiting for a worker (reduces waiting for their maps included) and running now. */
  record Backlog(long pending, long running) {}

  private final PlatformOptions.Autoscaling bounds;
  private final int slotsPerWorker;
  private final Clock clock;
  /** Since when there has been no pending task and more workers than wanted; null while there was. */
  private Instant calmSince;

  ScalingRule(PlatformOptions.Autoscaling bounds, int slotsPerWorker, Clock clock) {
    if (slotsPerWorker < 1) {
      throw new IllegalArgumentException("slots per worker must be at least 1, was " + slotsPerWorker);
    }
    this.bounds = bounds;
    this.slotsPerWorker = slotsPerWorker;
    this.clock = clock;
  }

  /** The number of workers to have now, given the backlog and the {@code current} number. */
  synchronized int wanted(Backlog backlog, int current) {
    long demand = ceilDiv(backlog.pending() + backlog.running(), slotsPerWorker);
    int wanted = (int) Math.max(bounds.minWorkers(), Math.min(bounds.maxWorkers(), demand));
    if (wanted >= current || backlog.pending() > 0) {
      calmSince = null;
      return Math.max(wanted, Math.min(current, bounds.maxWorkers()));
    }
    Instant now = clock.instant();
    if (calmSince == null) {
      calmSince = now;
    }
    return now.isBefore(calmSince.plus(bounds.cooldown())) ? current : wanted;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
