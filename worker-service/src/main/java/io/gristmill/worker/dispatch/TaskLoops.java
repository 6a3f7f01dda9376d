package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.AcquireTaskResponse;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.grpc.retry.Backoff;
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
 * One loop per slot: long-poll AcquireTask, run the attempt, repeat. A completion is reported in the background
 * ({@link CompletionReporter}), so the slot asks for its next task while the job service commits the last one.
 * Polls that fail back off with jitter; a NOT_FOUND means the job service declared this worker dead. Stopping
 * cancels the polls in flight and lets running attempts finish, including one a last report handed over.
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

  /** Stops asking for tasks: polls in flight are cancelled; running attempts go on. */
  void stopPolling() {
    stopping.countDown();
    polls.forEach(poll -> poll.cancel(null));
    threads.shutdown();
  }

  /**
   * Waits up to {@code timeout} for every loop to end, that is for running attempts to finish, and for their
   * reports to be answered.
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)
        && runner.awaitReported(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /** Stops the reporting of completions, once the worker leaves. */
  void stopReporting() {
    runner.stopReporting();
  }

  private boolean stopping() {
    return stopping.getCount() == 0;
  }

  private void loop() {
    Backoff backoff = properties.registration().backoff();
    try {
      while (!stopping()) {
        String workerId = session.awaitWorkerId(ID_WAIT);
        if (workerId == null) {
          continue;
        }
        try {
          AcquireTaskResponse response = poll(workerId);
          backoff.reset();
          // An assignment handed over is already a running attempt of this worker: run it even when stopping.
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
            Duration wait = backoff.next();
            log.warn("Asking the job service for a task failed: {}; retrying in {}", e.getStatus(), wait);
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
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
