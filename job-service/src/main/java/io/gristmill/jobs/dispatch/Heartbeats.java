package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.worker.WorkerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A worker's heartbeat: proves it alive, renews the leases of the attempts it lists, and tells it which of them
 * to stop. Safe to repeat. It never waits for an attempt's row: one that another transaction holds keeps its lease
 * until the next heartbeat ({@link AttemptRepository#renewLeases}).
 */
@Component
class Heartbeats {

  private final WorkerRegistry workers;
  private final AttemptRepository attempts;
  private final Duration lease;
  private final Clock clock;

  Heartbeats(WorkerRegistry workers, AttemptRepository attempts, JobsProperties properties, Clock clock) {
    this.workers = workers;
    this.attempts = attempts;
    this.lease = properties.lease();
    this.clock = clock;
  }

  /**
   * @param serverTime this service's clock when it answered
   * @param cancel attempts among those listed that the worker must stop and discard: unknown, no longer running
   *     on it (killed, lost, or reported), or of a job no longer active
   */
  record Reply(Instant serverTime, List<UUID> cancel) {}

  /** {@link io.gristmill.jobs.worker.WorkerGoneException} when the worker was declared dead or has left. */
  @Transactional
  public Reply beat(UUID workerId, List<UUID> running, Optional<Long> clockOffsetMillis, boolean draining) {
    workers.heartbeat(workerId, clockOffsetMillis, draining);
    Instant now = clock.instant();
    Set<UUID> listed = new LinkedHashSet<>(running);
    Set<UUID> stillRunning = listed.isEmpty() ? Set.of() : new HashSet<>(attempts.findStillRunning(workerId, listed));
    if (!stillRunning.isEmpty()) {
      attempts.renewLeases(stillRunning, now.plus(lease));
    }
    return new Reply(now, listed.stream().filter(id -> !stillRunning.contains(id)).toList());
  }
}
