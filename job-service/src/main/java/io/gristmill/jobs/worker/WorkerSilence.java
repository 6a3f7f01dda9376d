package io.gristmill.jobs.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When silence means death. A worker (or an attempt's lease) is overdue once {@code lease} has passed since the
 * later of its last sign of life and the moment the watcher started watching: a job service that was itself down
 * heard nothing meanwhile, and must give the workers a full lease to find it again before it declares them dead.
 *
 * @param lease how long silence is tolerated
 * @param watchingSince when this job-service process started watching
 */
public record WorkerSilence(Duration lease, Instant watchingSince) {

  /** Whether something last heard from at {@code lastSignOfLife} is overdue at {@code now}. */
  public boolean isOverdue(Instant lastSignOfLife, Instant now) {
    return now.isAfter(deadline(lastSignOfLife));
  }

  /**
   * For a query: a last sign of life strictly before the returned instant is overdue at {@code now}; empty while
   * nothing can be overdue because the watcher started less than a lease ago.
   */
  public Optional<Instant> overdueBefore(Instant now) {
    Instant cutoff = now.minus(lease);
    return cutoff.isAfter(watchingSince) ? Optional.of(cutoff) : Optional.empty();
  }

  private Instant deadline(Instant lastSignOfLife) {
    Instant from = lastSignOfLife.isAfter(watchingSince) ? lastSignOfLife : watchingSince;
    return from.plus(lease);
  }
}
