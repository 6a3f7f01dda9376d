package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.HeartbeatResponse;
import io.gristmill.contracts.job.v1.LeaveWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerResponse;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.grpc.retry.Backoff;
import io.gristmill.worker.WorkerProperties;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's standing with the job service: registers (retrying with jittered backoff, since services start in
 * any order), heartbeats at the interval the registration returned, and registers again when the job service no
 * longer knows the worker. Heartbeats carry the running attempts, the draining flag and the clock offset estimate
 * (Cristian's algorithm, {@link ClockOffsetEstimator}); their replies cancel attempts. Every step runs on one
 * scheduler thread, so the state needs no further locking than what lets task loops wait for an id.
 */
final class WorkerSession {

  /** Used when the job service leaves the interval unset. */
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(3);

  /** Round trips the clock offset estimate picks its best sample from. */
  private static final int CLOCK_WINDOW = 8;

  private static final Logger log = LoggerFactory.getLogger(WorkerSession.class);

  private final TaskDispatchBlockingStub dispatch;
  private final WorkerProperties properties;
  private final String shuffleAddress;
  private final RunningAttempts running;
  private final Clock clock;
  private final ClockOffsetEstimator clockOffset = new ClockOffsetEstimator(CLOCK_WINDOW);
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "gristmill-worker-session");
    thread.setDaemon(true);
    return thread;
  });
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT;
  private ScheduledFuture<?> next;
  private String requestId;
  private String workerId;
  private volatile boolean draining;

  WorkerSession(TaskDispatchBlockingStub dispatch, WorkerProperties properties, String shuffleAddress,
      RunningAttempts running, Clock clock) {
    this.dispatch = dispatch;
    this.properties = properties;
    this.shuffleAddress = shuffleAddress;
    this.running = running;
    this.clock = clock;
    this.backoff = properties.registration().backoff();
  }

  void start() {
    scheduler.execute(this::registerAnew);
  }

  /**
   * From now on heartbeats say {@code draining = true}. If the worker is registered, one such heartbeat goes out at
   * once; this waits for it (up to rpc-timeout), so the job service hears of the drain even if the worker leaves
   * right after.
   */
  void drain() throws InterruptedException {
    draining = true;
    try {
      scheduler.submit(() -> {
        if (currentId() != null) {
          // On the session thread no heartbeat is running now; the next one is replaced by this one.
          next.cancel(false);
          heartbeat();
        }
      }).get(properties.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
      log.warn("The draining heartbeat of worker {} did not go out: {}", currentId(), e.toString());
    }
  }

  /** Stops heartbeating and tells the job service this worker leaves (best effort, with a deadline). */
  void leave() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(properties.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
    String id = currentId();
    setWorkerId(null);
    if (id == null) {
      return;
    }
    try {
      // Idempotent on the server, but a worker on its way out does not retry: its lease expires anyway.
      deadlined().leaveWorker(LeaveWorkerRequest.newBuilder().setWorkerId(id).build());
      log.info("Worker {} left the job service", id);
    } catch (StatusRuntimeException e) {
      log.warn("Worker {} could not tell the job service it leaves ({}); its lease will expire", id, e.getStatus());
    }
  }

  /** The current worker id, or null if not registered (yet, or any more). */
  synchronized String currentId() {
    return workerId;
  }

  /** The current worker id, waiting up to {@code timeout} for a registration; null if there is none by then. */
  synchronized String awaitWorkerId(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (workerId == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return workerId;
  }

  /** A call answered NOT_FOUND for {@code staleId}: the job service declared this worker dead. */
  void workerUnknown(String staleId) {
    execute(() -> {
      if (staleId.equals(currentId())) {
        declaredDead(staleId);
      }
    });
  }

  /**
   * Drops {@code staleId}: its running attempts are cancelled and their output discarded, since the job service
   * re-queued them and would not accept their reports; then the worker registers again, unless it is draining.
   */
  private void declaredDead(String staleId) {
    setWorkerId(null);
    if (next != null) {
      next.cancel(false);
    }
    running.cancelAllOf(staleId, "the job service declared worker " + staleId + " dead");
    if (draining) {
      log.warn("The job service no longer knows worker {}; draining, so not registering again", staleId);
      return;
    }
    log.warn("The job service no longer knows worker {}; registering again", staleId);
    registerAnew();
  }

  /** Starts a new registration: one request id, kept for every retry of it, so a retry returns the first id. */
  private void registerAnew() {
    requestId = UUID.randomUUID().toString();
    backoff.reset();
    register();
  }

  private void register() {
    RegisterWorkerRequest request = RegisterWorkerRequest.newBuilder()
        .setHost(properties.advertisedHost())
        .setPid(ProcessHandle.current().pid())
        .setSlots(properties.slots())
        .setShuffleAddress(shuffleAddress)
        .setRequestId(requestId)
        .build();
    try {
      // At-most-once: the job service remembers request_id, so a retry after a lost reply gets the same worker id.
      RegisterWorkerResponse response = deadlined().registerWorker(request);
      if (response.getHeartbeatIntervalMillis() > 0) {
        heartbeatInterval = Duration.ofMillis(response.getHeartbeatIntervalMillis());
      }
      setWorkerId(response.getWorkerId());
      log.info("Registered as worker {} serving shuffle at {}, heartbeat every {}", response.getWorkerId(),
          shuffleAddress, heartbeatInterval);
      schedule(this::heartbeat, heartbeatInterval);
    } catch (StatusRuntimeException e) {
      Duration wait = backoff.next();
      log.info("Cannot register with the job service at {} yet ({}); retrying in {}",
          properties.jobServiceAddress(), e.getStatus().getCode(), wait);
      schedule(this::register, wait);
    }
  }

  private void heartbeat() {
    String id = currentId();
    long sentAt = clock.millis();
    HeartbeatRequest.Builder request = HeartbeatRequest.newBuilder()
        .setWorkerId(id)
        .addAllRunningAttemptIds(running.snapshot())
        .setSentAtMillis(sentAt)
        .setDraining(draining);
    OptionalLong offset = clockOffset.offsetMillis();
    offset.ifPresent(request::setClockOffsetMillis);
    try {
      HeartbeatResponse response = deadlined().heartbeat(request.build());
      clockOffset.add(sentAt, response.getServerTimeMillis(), clock.millis());
      for (String attemptId : response.getCancelAttemptIdsList()) {
        running.cancel(attemptId, "the job service cancelled it");
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        declaredDead(id);
        return;
      }
      log.warn("Heartbeat of worker {} failed: {}", id, e.getStatus());
    }
    schedule(this::heartbeat, heartbeatInterval);
  }

  private TaskDispatchBlockingStub deadlined() {
    return dispatch.withDeadlineAfter(properties.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs a step on the session thread; dropped once the worker leaves. */
  private void execute(Runnable step) {
    try {
      scheduler.execute(step);
    } catch (RejectedExecutionException leaving) {
      // The session has ended; nothing is left to do.
    }
  }

  private void schedule(Runnable step, Duration delay) {
    try {
      next = scheduler.schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException leaving) {
      // The session has ended; nothing is left to do.
    }
  }

  private synchronized void setWorkerId(String id) {
    workerId = id;
    notifyAll();
  }
}
