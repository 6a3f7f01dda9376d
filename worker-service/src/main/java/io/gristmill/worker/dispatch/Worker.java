package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.WorkerProperties;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.task.TaskExecutor;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's dealings with the job service, free of Spring: its session (registration and heartbeats), one task
 * loop per slot, and the graceful drain that ends them.
 */
final class Worker {

  /** After the drain timeout, how long cancelled attempts get to clean up before their threads are abandoned. */
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final WorkerProperties properties;
  private final RunningAttempts running = new RunningAttempts();
  private final WorkerSession session;
  private final TaskLoops loops;

  /** @param shuffleAddress host:port where this worker's Shuffle service listens */
  Worker(TaskDispatchBlockingStub dispatch, TaskExecutor executor, MapOutputStore store, BlobStoreClient blobStore,
      WorkerProperties properties, Clock clock, String shuffleAddress) {
    this.properties = properties;
    this.session = new WorkerSession(dispatch, properties, shuffleAddress, running, clock);
    this.loops = new TaskLoops(session, dispatch,
        new AttemptRunner(executor, dispatch, store, blobStore, running, properties, clock), properties);
  }

  void start() {
    session.start();
    loops.start();
  }

  /**
   * Leaves gracefully, as on SIGTERM from an autoscaler: stops polling, heartbeats with {@code draining = true} so
   * the leases of running attempts hold, lets them finish and report within the drain timeout (cancelling the
   * rest), then calls LeaveWorker so the job service need not wait for the lease to expire.
   */
  void drainAndLeave() throws InterruptedException {
    String id = session.currentId();
    log.info("Worker {} draining: no new tasks; {} running attempts get up to {} to finish", id,
        running.snapshot().size(), properties.drainTimeout());
    loops.stopPolling();
    session.drain();
    if (loops.awaitIdle(properties.drainTimeout())) {
      log.info("Worker {} drained: every running attempt finished", id);
    } else {
      log.warn("Worker {}: attempts {} did not finish within {}; cancelling them", id, running.snapshot(),
          properties.drainTimeout());
      running.cancelAll("the drain timeout ran out");
      if (!loops.awaitIdle(CANCEL_GRACE)) {
        log.warn("Worker {}: cancelled attempts {} have not stopped; leaving anyway", id, running.snapshot());
      }
    }
    loops.stopReporting();
    session.leave();
  }
}
