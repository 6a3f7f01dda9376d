package io.gristmill.worker.fakes;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.AcquireTaskResponse;
import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptResponse;
import io.gristmill.contracts.job.v1.CompleteAttemptsRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptsResponse;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.FailAttemptResponse;
import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.HeartbeatResponse;
import io.gristmill.contracts.job.v1.LeaveWorkerRequest;
import io.gristmill.contracts.job.v1.LeaveWorkerResponse;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerResponse;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job service reduced to a queue, for module tests: hands out queued assignments on AcquireTask and records every
 * call; CompleteAttempts can be held, or answered UNIMPLEMENTED as by an older job service. It can forget its workers (heartbeats then answer NOT_FOUND), refuse chosen completions, cancel
 * attempts through heartbeat replies, and lose the replies of registrations (remembering them by request id, as
 * the real one does, so a retry gets the first worker id). Its clock, sent as the heartbeats' server time, runs
 * {@code serverClockBehind} behind the test's.
 */
public final class FakeTaskDispatch extends TaskDispatchGrpc.TaskDispatchImplBase {

  private final List<Integer> maxAssignments = new java.util.concurrent.CopyOnWriteArrayList<>();
  private List<TaskAssignment> paused;

  private final BlockingDeque<TaskAssignment> queue = new LinkedBlockingDeque<>();
  private final List<RegisterWorkerRequest> registrations = new CopyOnWriteArrayList<>();
  private final Set<String> workers = ConcurrentHashMap.newKeySet();
  private final Map<String, CompleteAttemptRequest> completions = new ConcurrentHashMap<>();
  private final Map<String, FailAttemptRequest> failures = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, String> workerByRequestId = new ConcurrentHashMap<>();
  private final AtomicInteger lostRegistrationReplies = new AtomicInteger();
  private final List<HeartbeatRequest> heartbeatRequests = new CopyOnWriteArrayList<>();
  private final Set<String> toCancel = ConcurrentHashMap.newKeySet();
  private final AtomicInteger polls = new AtomicInteger();
  private final List<Integer> batches = new CopyOnWriteArrayList<>();
  private volatile boolean batchesUnimplemented;
  private volatile CountDownLatch batchGate = new CountDownLatch(0);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private volatile Duration serverClockBehind = Duration.ZERO;

  /** Tasks enqueued from now on wait for {@link #resumePolls}, which hands them to the polls together. */
  public void pausePolls() {
    synchronized (queue) {
      paused = new java.util.ArrayList<>();
    }
  }

  public void resumePolls() {
    synchronized (queue) {
      queue.addAll(paused);
      paused = null;
    }
  }

  /** The max_assignments of every AcquireTask so far. */
  public List<Integer> maxAssignments() {
    return List.copyOf(maxAssignments);
  }

  public void enqueue(TaskAssignment assignment) {
    synchronized (queue) {
      if (paused != null) {
        paused.add(assignment);
      } else {
        queue.add(assignment);
      }
    }
  }

  public void refuseCompletionOf(String attemptId) {
    refused.add(attemptId);
  }

  public void forgetWorkers() {
    workers.clear();
  }

  /** The next {@code count} registrations take effect but their replies are lost (UNAVAILABLE). */
  public void loseRegistrationReplies(int count) {
    lostRegistrationReplies.set(count);
  }

  /** Heartbeats that list {@code attemptId} as running are answered with its cancellation. */
  public void cancel(String attemptId) {
    toCancel.add(attemptId);
  }

  public void serverClockBehind(Duration behind) {
    serverClockBehind = behind;
  }

  public List<HeartbeatRequest> heartbeatRequests() {
    return heartbeatRequests;
  }

  public int polls() {
    return polls.get();
  }

  /** Sizes of the CompleteAttempts calls answered, in order. */
  public List<Integer> batches() {
    return batches;
  }

  /** CompleteAttempts answers UNIMPLEMENTED from now on, as a job service that predates it would. */
  public void batchesUnimplemented() {
    batchesUnimplemented = true;
  }

  /** CompleteAttempts calls wait, before they apply anything, until {@link #releaseBatches} is called. */
  public void holdBatches() {
    batchGate = new CountDownLatch(1);
  }

  public void releaseBatches() {
    batchGate.countDown();
  }

  /** "registered W", "completed A", "failed A", "left W", in the order they happened. */
  public List<String> events() {
    return events;
  }

  public int queued() {
    return queue.size();
  }

  public List<RegisterWorkerRequest> registrations() {
    return registrations;
  }

  public int heartbeats() {
    return heartbeats.get();
  }

  public CompleteAttemptRequest completion(String attemptId) {
    return completions.get(attemptId);
  }

  public FailAttemptRequest failure(String attemptId) {
    return failures.get(attemptId);
  }

  @Override
  public void registerWorker(RegisterWorkerRequest request, StreamObserver<RegisterWorkerResponse> responses) {
    registrations.add(request);
    if (request.getRequestId().isEmpty()) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("request id is required").asRuntimeException());
      return;
    }
    String id = workerByRequestId.computeIfAbsent(request.getRequestId(), r -> {
      String created = "worker-" + ids.incrementAndGet();
      workers.add(created);
      events.add("registered " + created);
      return created;
    });
    if (lostRegistrationReplies.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      responses.onError(Status.UNAVAILABLE.withDescription("reply lost").asRuntimeException());
      return;
    }
    responses.onNext(RegisterWorkerResponse.newBuilder().setWorkerId(id).setHeartbeatIntervalMillis(50).build());
    responses.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> responses) {
    if (!workers.contains(request.getWorkerId())) {
      responses.onError(Status.NOT_FOUND.withDescription("unknown worker").asRuntimeException());
      return;
    }
    heartbeats.incrementAndGet();
    heartbeatRequests.add(request);
    responses.onNext(HeartbeatResponse.newBuilder()
        .setServerTimeMillis(System.currentTimeMillis() - serverClockBehind.toMillis())
        .addAllCancelAttemptIds(request.getRunningAttemptIdsList().stream().filter(toCancel::contains).toList())
        .build());
    responses.onCompleted();
  }

  @Override
  public void acquireTask(AcquireTaskRequest request, StreamObserver<AcquireTaskResponse> responses) {
    polls.incrementAndGet();
    try {
      // Gives up as soon as the worker cancels the poll, as the real one does, so no task goes to a cancelled poll.
      Context call = Context.current();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.getWaitMillis());
      TaskAssignment assignment = null;
      maxAssignments.add(request.getMaxAssignments());
      while (assignment == null && !call.isCancelled() && System.nanoTime() < deadline) {
        assignment = queue.poll(10, TimeUnit.MILLISECONDS);
      }
      if (call.isCancelled()) {
        if (assignment != null) {
          queue.addFirst(assignment);
        }
        return;
      }
      AcquireTaskResponse.Builder response = AcquireTaskResponse.newBuilder();
      if (assignment != null) {
        response.setAssignment(assignment);
        // More, as the real one claims them, when the worker asks for several; after a resume has queued them all.
        synchronized (queue) {
          for (int more = 1; more < request.getMaxAssignments(); more++) {
            TaskAssignment next = queue.poll();
            if (next == null) {
              break;
            }
            response.addMoreAssignments(next);
          }
        }
      }
      responses.onNext(response.build());
      responses.onCompleted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      responses.onError(Status.CANCELLED.asRuntimeException());
    }
  }

  @Override
  public void completeAttempt(CompleteAttemptRequest request, StreamObserver<CompleteAttemptResponse> responses) {
    responses.onNext(CompleteAttemptResponse.newBuilder().setAccepted(complete(request)).build());
    responses.onCompleted();
  }

  @Override
  public void completeAttempts(CompleteAttemptsRequest request, StreamObserver<CompleteAttemptsResponse> responses) {
    if (batchesUnimplemented) {
      responses.onError(Status.UNIMPLEMENTED.withDescription("CompleteAttempts").asRuntimeException());
      return;
    }
    try {
      batchGate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      responses.onError(Status.CANCELLED.asRuntimeException());
      return;
    }
    CompleteAttemptsResponse.Builder response = CompleteAttemptsResponse.newBuilder();
    request.getCompletionsList().forEach(item -> response.addAccepted(complete(item)));
    batches.add(request.getCompletionsCount());
    responses.onNext(response.build());
    responses.onCompleted();
  }

  private boolean complete(CompleteAttemptRequest request) {
    completions.put(request.getAttemptId(), request);
    events.add("completed " + request.getAttemptId());
    return !refused.contains(request.getAttemptId());
  }

  @Override
  public void failAttempt(FailAttemptRequest request, StreamObserver<FailAttemptResponse> responses) {
    failures.put(request.getAttemptId(), request);
    events.add("failed " + request.getAttemptId());
    responses.onNext(FailAttemptResponse.getDefaultInstance());
    responses.onCompleted();
  }

  @Override
  public void leaveWorker(LeaveWorkerRequest request, StreamObserver<LeaveWorkerResponse> responses) {
    if (!workers.remove(request.getWorkerId())) {
      responses.onError(Status.NOT_FOUND.withDescription("worker " + request.getWorkerId() + " is not registered")
          .asRuntimeException());
      return;
    }
    events.add("left " + request.getWorkerId());
    responses.onNext(LeaveWorkerResponse.getDefaultInstance());
    responses.onCompleted();
  }
}
