package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerResponse;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.worker.WorkerProperties;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's standing with the job service: registers (retrying with exponential backoff, since services start
 * in any order), heartbeats at the interval the registration returned, and registers again when the job service
 * no longer knows the worker. Every step runs on one scheduler thread, so the state needs no further locking than
 * what lets task loops wait for an id.
 */
final class WorkerSession {

  /** Used when the job service leaves the interval unset. */
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(WorkerSession.class);

  private final TaskDispatchBlockingStub dispatch;
  private final WorkerProperties properties;
  private final String shuffleAddress;
  private final RunningAttempts running;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "gristmill-worker-session");
    thread.setDaemon(true);
    return thread;
  });
  private Duration backoff;
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT;
  private ScheduledFuture<?> next;
  private String workerId;

  WorkerSession(
      TaskDispatchBlockingStub dispatch, WorkerProperties properties, String shuffleAddress, RunningAttempts running) {
    this.dispatch = dispatch;
    this.properties = properties;
    this.shuffleAddress = shuffleAddress;
    this.running = running;
    this.backoff = properties.registration().initialBackoff();
  }

  void start() {
    scheduler.execute(this::register);
  }

  void stop() {
    scheduler.shutdownNow();
    synchronized (this) {
      workerId = null;
      notifyAll();
    }
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

  /** A call answered NOT_FOUND for {@code staleId}: register again, unless that already happened. */
  void workerUnknown(String staleId) {
    if (scheduler.isShutdown()) {
      return;
    }
    scheduler.execute(() -> {
      if (staleId.equals(currentId())) {
        log.warn("The job service no longer knows worker {}; registering again", staleId);
        setWorkerId(null);
        if (next != null) {
          next.cancel(false);
        }
        register();
      }
    });
  }

  private void register() {
    RegisterWorkerRequest request = RegisterWorkerRequest.newBuilder()
        .setHost(properties.advertisedHost())
        .setPid(ProcessHandle.current().pid())
        .setSlots(properties.slots())
        .setShuffleAddress(shuffleAddress)
        .build();
    try {
      // Not idempotent (each call makes a new worker id), but a duplicate only leaves an idle id to expire.
      RegisterWorkerResponse response = deadlined().registerWorker(request);
      backoff = properties.registration().initialBackoff();
      if (response.getHeartbeatIntervalMillis() > 0) {
        heartbeatInterval = Duration.ofMillis(response.getHeartbeatIntervalMillis());
      }
      setWorkerId(response.getWorkerId());
      log.info("Registered as worker {} serving shuffle at {}, heartbeat every {}", response.getWorkerId(),
          shuffleAddress, heartbeatInterval);
      schedule(this::heartbeat, heartbeatInterval);
    } catch (StatusRuntimeException e) {
      log.info("Cannot register with the job service at {} yet ({}); retrying in {}",
          properties.jobServiceAddress(), e.getStatus().getCode(), backoff);
      schedule(this::register, backoff);
      Duration doubled = backoff.multipliedBy(2);
      Duration max = properties.registration().maxBackoff();
      backoff = doubled.compareTo(max) > 0 ? max : doubled;
    }
  }

  private void heartbeat() {
    String id = currentId();
    try {
      deadlined().heartbeat(HeartbeatRequest.newBuilder()
          .setWorkerId(id)
          .addAllRunningAttemptIds(running.snapshot())
          .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        log.warn("The job service no longer knows worker {}; registering again", id);
        setWorkerId(null);
        register();
        return;
      }
      log.warn("Heartbeat of worker {} failed: {}", id, e.getStatus());
    }
    schedule(this::heartbeat, heartbeatInterval);
  }

  private TaskDispatchBlockingStub deadlined() {
    return dispatch.withDeadlineAfter(properties.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void schedule(Runnable step, Duration delay) {
    if (!scheduler.isShutdown()) {
      next = scheduler.schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized String currentId() {
    return workerId;
  }

  private synchronized void setWorkerId(String id) {
    workerId = id;
    notifyAll();
  }
}
