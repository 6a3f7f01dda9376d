package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.system.JobsProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The AcquireTask long poll: claims tasks now, or waits for one to become runnable, up to a bounded wait. A worker
 * may take several tasks per call, up to {@code max-assignments-per-claim}.
 */
@Component
class TaskAcquisition {

  private static final Logger log = LoggerFactory.getLogger(TaskAcquisition.class);

  private final TaskClaimer claimer;
  private final RunnableTasksSignal signal;
  private final Duration maxWait;
  private final int maxAssignments;

  TaskAcquisition(TaskClaimer claimer, RunnableTasksSignal signal, JobsProperties properties) {
    this.claimer = claimer;
    this.signal = signal;
    this.maxWait = properties.acquireMaxWait();
    this.maxAssignments = properties.maxAssignmentsPerClaim();
  }

  /**
   * @param requestedWait how long the worker is willing to wait; capped at the configured maximum
   * @param requestedMax most tasks the worker takes (below 1: one); capped at the configured maximum
   * @param abandoned true once the caller has gone away, so that no task is claimed for nobody
   * @return the tasks claimed, in the order to run them; empty when none became runnable within the wait
   */
  List<Assignment> acquire(UUID workerId, Duration requestedWait, int requestedMax, BooleanSupplier abandoned)
      throws InterruptedException {
    Duration wait = requestedWait.compareTo(maxWait) > 0 ? maxWait : requestedWait;
    int max = Math.max(1, Math.min(requestedMax, maxAssignments));
    long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
    while (!abandoned.getAsBoolean()) {
      long seen = signal.generation();
      List<Assignment> assignments = claimer.claimUpTo(workerId, max);
      long left = deadline - System.nanoTime();
      if (!assignments.isEmpty() || left <= 0) {
        return assignments;
      }
      signal.awaitChangeSince(seen, left);
    }
    return List.of();
  }

  /**
   * The next task for a worker whose completion report was just applied, claimed without waiting; empty when none
   * is runnable. It rides on the report's answer, so it must not fail that answer: a worker that got no answer
   * would repeat a report already applied, hear {@code accepted = false} and discard committed output. So a claim
   * that fails (the worker was declared dead meanwhile, the database is unavailable) is logged and answered as
   * "none"; the worker then asks with AcquireTask, which reports the failure.
   */
  Optional<Assignment> acquireNow(UUID workerId, BooleanSupplier abandoned) {
    if (abandoned.getAsBoolean()) {
      return Optional.empty();
    }
    try {
      return claimer.claim(workerId);
    } catch (RuntimeException e) {
      log.warn("Could not claim the next task for worker {} after its report: {}", workerId, e.toString());
      return Optional.empty();
    }
  }
}
