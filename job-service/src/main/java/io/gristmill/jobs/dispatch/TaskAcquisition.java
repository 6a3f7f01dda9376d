package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.system.JobsProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The AcquireTask long poll: claims a task now, or waits for one to become runnable, up to a bounded wait. */
@Component
class TaskAcquisition {

  private static final Logger log = LoggerFactory.getLogger(TaskAcquisition.class);

  private final TaskClaimer claimer;
  private final RunnableTasksSignal signal;
  private final Duration maxWait;

  TaskAcquisition(TaskClaimer claimer, RunnableTasksSignal signal, JobsProperties properties) {
    this.claimer = claimer;
    this.signal = signal;
    this.maxWait = properties.acquireMaxWait();
  }

  /**
   * @param requestedWait how long the worker is willing to wait; capped at the configured maximum
   * @param abandoned true once the caller has gone away, so that no task is claimed for nobody
   */
  Optional<Assignment> acquire(UUID workerId, Duration requestedWait, BooleanSupplier abandoned)
      throws InterruptedException {
    Duration wait = requestedWait.compareTo(maxWait) > 0 ? maxWait : requestedWait;
    long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
    while (!abandoned.getAsBoolean()) {
      long seen = signal.generation();
      Optional<Assignment> assignment = claimer.claim(workerId);
      long left = deadline - System.nanoTime();
      if (assignment.isPresent() || left <= 0) {
        return assignment;
      }
      signal.awaitChangeSince(seen, left);
    }
    return Optional.empty();
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
