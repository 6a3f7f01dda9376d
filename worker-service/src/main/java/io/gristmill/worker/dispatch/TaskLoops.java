package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.AcquireTaskResponse;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.grpc.retry.Backoff;
import io.gristmill.worker.WorkerProperties;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * One loop per slot: run a task queued ahead if there is one, else long-poll AcquireTask, run the attempt, repeat.
 * While tasks run short, a poll also takes more, queued for the slots (about {@code prefetch.ahead} of work at the
 * last task's run time, at most {@code prefetch.tasks}), so that tiny tasks do not each cost a call and a claim. A
 * completion is reported in the background ({@link CompletionReporter}), so the slot asks for its next task while
 * the job service commits the last one.
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
  /** Attempts handed over ahead of time, each already registered as this worker's (heartbeats list it). */
  private final Deque<Queued> queued = new ArrayDeque<>();
  /** How long the last attempt a slot ran took; prefetching stops while tasks run long. */
  private volatile long lastRunNanos = Long.MAX_VALUE;

  private record Queued(TaskAssignment assignment, String workerId, RunningAttempts.Attempt attempt) {}

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
      while (true) {
        // An assignment handed over is already a running attempt of this worker: run it even when stopping.
        Queued next = takeQueued();
        if (next != null) {
          timed(() -> runner.runQueued(next.assignment(), next.workerId(), next.attempt()));
          continue;
        }
        if (stopping()) {
          return;
        }
        String workerId = session.awaitWorkerId(ID_WAIT);
        if (workerId == null) {
          continue;
        }
        try {
          AcquireTaskResponse response = poll(workerId, 1 + room());
          backoff.reset();
          if (response.hasAssignment()) {
            for (TaskAssignment more : response.getMoreAssignmentsList()) {
              enqueue(new Queued(more, workerId, runner.queue(more, workerId)));
            }
            timed(() -> runner.run(response.getAssignment(), workerId));
          }
        } catch (StatusRuntimeException e) {
          if (stopping()) {
            // Back to the top: tasks still queued run before the loop ends.
            continue;
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

  /** How many more tasks to ask for beyond the one the slot runs: none while tasks run long. */
  private int room() {
    int target = properties.prefetch().queueFor(lastRunNanos);
    if (target == 0) {
      return 0;
    }
    synchronized (queued) {
      return Math.max(0, target - queued.size());
    }
  }

  private Queued takeQueued() {
    synchronized (queued) {
      return queued.pollFirst();
    }
  }

  private void enqueue(Queued next) {
    synchronized (queued) {
      queued.addLast(next);
    }
  }

  private void timed(Runnable attempt) {
    long t0 = System.nanoTime();
    attempt.run();
    lastRunNanos = System.nanoTime() - t0;
  }

  private AcquireTaskResponse poll(String workerId, int maxAssignments) {
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
              .setMaxAssignments(maxAssignments)
              .build());
    } finally {
      poll.detach(previous);
      polls.remove(poll);
      poll.cancel(null);
    }
  }
}
