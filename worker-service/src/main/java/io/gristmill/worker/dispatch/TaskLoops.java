package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.AcquireTaskResponse;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.worker.WorkerProperties;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loop per slot: long-poll AcquireTask, run the attempt, repeat. Stopping cancels the polls in flight and
 * lets running attempts finish, up to a bound.
 */
final class TaskLoops {

  /** How often an idle loop rechecks for shutdown while it waits for a worker id. */
  private static final Duration ID_WAIT = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(TaskLoops.class);

  private final WorkerSession session;
  private final TaskDispatchBlockingStub dispatch;
  private final AttemptRunner runner;
  private final WorkerProperties properties;
  private final ExecutorService threads;
  private final Set<Context.CancellableContext> polls = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopping = new CountDownLatch(1);

  TaskLoops(WorkerSession session, TaskDispatchBlockingStub dispatch, AttemptRunner runner,
      WorkerProperties properties) {
    this.session = session;
    this.dispatch = dispatch;
    this.runner = runner;
    this.properties = properties;
    AtomicInteger counter = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(properties.slots(),
        r -> new Thread(r, "gristmill-slot-" + counter.incrementAndGet()));
  }

  void start() {
    for (int i = 0; i < properties.slots(); i++) {
      threads.execute(this::loop);
    }
  }

  /** Stops polling, then waits up to {@code drain} for running attempts before interrupting them. */
  void stop(Duration drain) throws InterruptedException {
    stopping.countDown();
    polls.forEach(poll -> poll.cancel(null));
    threads.shutdown();
    if (!threads.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("Running attempts did not finish within {}; interrupting them", drain);
      threads.shutdownNow();
    }
  }

  private boolean stopping() {
    return stopping.getCount() == 0;
  }

  private void loop() {
    Duration pause = properties.registration().initialBackoff();
    try {
      while (!stopping()) {
        String workerId = session.awaitWorkerId(ID_WAIT);
        if (workerId == null) {
          continue;
        }
        try {
          AcquireTaskResponse response = poll(workerId);
          pause = properties.registration().initialBackoff();
          if (response.hasAssignment()) {
            runner.run(response.getAssignment(), workerId);
          }
        } catch (StatusRuntimeException e) {
          if (stopping()) {
            return;
          }
          if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            session.workerUnknown(workerId);
          } else {
            log.warn("Asking the job service for a task failed: {}; retrying in {}", e.getStatus(), pause);
            stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(properties.registration().maxBackoff()) > 0
                ? properties.registration().maxBackoff() : doubled;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AcquireTaskResponse poll(String workerId) {
    Context.CancellableContext poll = Context.current().withCancellation();
    polls.add(poll);
    Context previous = poll.attach();
    try {
      if (stopping()) {
        return AcquireTaskResponse.getDefaultInstance();
      }
      // The server may hold the call for poll-wait; the deadline allows for that plus an ordinary call.
      return dispatch
          .withDeadlineAfter(properties.pollWait().plus(properties.rpcTimeout()).toMillis(), TimeUnit.MILLISECONDS)
          .acquireTask(AcquireTaskRequest.newBuilder()
              .setWorkerId(workerId)
              .setWaitMillis(properties.pollWait().toMillis())
              .build());
    } finally {
      poll.detach(previous);
      polls.remove(poll);
      poll.cancel(null);
    }
  }
}
