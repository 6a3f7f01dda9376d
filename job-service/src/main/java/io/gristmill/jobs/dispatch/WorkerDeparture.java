package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.worker.Worker;
import io.gristmill.jobs.worker.WorkerRegistry;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A worker leaving on purpose (LeaveWorker): LEFT at once and handled as a dead worker would be, without waiting
 * for its lease. Idempotent: leaving again, or after being declared dead, changes nothing.
 */
@Component
class WorkerDeparture {

  private final WorkerRegistry workers;
  private final Reexecution reexecution;
  private final Clock clock;

  WorkerDeparture(WorkerRegistry workers, Reexecution reexecution, Clock clock) {
    this.workers = workers;
    this.reexecution = reexecution;
    this.clock = clock;
  }

  @Transactional
  public void leave(UUID workerId) {
    Worker worker = workers.lock(workerId);
    if (workers.leave(worker)) {
      reexecution.workerGone(worker, "worker " + workerId + " left", clock.instant());
    }
  }
}
