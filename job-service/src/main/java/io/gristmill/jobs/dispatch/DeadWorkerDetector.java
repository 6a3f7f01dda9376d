package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.system.Duty;
import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.worker.WorkerRepository;
import io.gristmill.jobs.worker.WorkerSilence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Declares workers dead (LOST) when their heartbeats stop for longer than the lease, and loses running attempts
 * whose lease no heartbeat renewed (e.g. claimed, but the assignment never reached the worker). Runs on every
 * job-service process: each worker is handled in a transaction of its own that takes its row with SKIP LOCKED,
 * and each attempt under its job's lock with a fresh check, so two detectors never handle one thing twice.
 * Silence is counted from the later of the last heartbeat and this detector's start, so that a job service that
 * was down does not declare everybody dead when it comes back.
 */
@Component
class DeadWorkerDetector implements Duty {

  private static final Logger log = LoggerFactory.getLogger(DeadWorkerDetector.class);

  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final Reexecution reexecution;
  private final SchedulingMetrics metrics;
  private final TransactionTemplate transaction;
  private final WorkerSilence silence;
  private final Duration period;
  private final Clock clock;

  DeadWorkerDetector(WorkerRepository workers, AttemptRepository attempts, Reexecution reexecution,
      SchedulingMetrics metrics, TransactionTemplate transaction, JobsProperties properties, Clock clock) {
    this.workers = workers;
    this.attempts = attempts;
    this.reexecution = reexecution;
    this.metrics = metrics;
    this.transaction = transaction;
    this.silence = new WorkerSilence(properties.lease(), clock.instant());
    this.period = properties.deadWorkers().period();
    this.clock = clock;
  }

  @Override
  public String name() {
    return "dead-workers";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public void run() {
    Instant now = clock.instant();
    silence.overdueBefore(now).ifPresent(cutoff -> {
      for (UUID workerId : workers.findIdsSilentSince(cutoff)) {
        transaction.executeWithoutResult(status -> workers.lockIfSilentSince(workerId, cutoff).ifPresent(worker -> {
          if (worker.declareLost(now)) {
            metrics.workersDeclaredDead.increment();
            log.warn("worker {} on {} declared dead: no heartbeat since {}", workerId, worker.host(),
                worker.lastHeartbeat());
            reexecution.workerGone(worker, "worker " + workerId + " was declared dead: no heartbeat since "
                + worker.lastHeartbeat(), now);
          }
        }));
      }
      for (Object[] expired : attempts.findLeaseExpiredBefore(now)) {
        transaction.executeWithoutResult(status -> reexecution.leaseExpired((UUID) expired[0], (UUID) expired[1], now));
      }
    });
  }
}
