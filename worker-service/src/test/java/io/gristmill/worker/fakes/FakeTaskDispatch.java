package io.gristmill.worker.fakes;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.AcquireTaskResponse;
import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptResponse;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.FailAttemptResponse;
import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.HeartbeatResponse;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerResponse;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job service reduced to a queue, for module tests: hands out queued assignments on AcquireTask and records
 * every report. It can forget its workers (heartbeats then answer NOT_FOUND) and refuse chosen completions.
 */
public final class FakeTaskDispatch extends TaskDispatchGrpc.TaskDispatchImplBase {

  private final BlockingQueue<TaskAssignment> queue = new LinkedBlockingQueue<>();
  private final List<RegisterWorkerRequest> registrations = new CopyOnWriteArrayList<>();
  private final Set<String> workers = ConcurrentHashMap.newKeySet();
  private final Map<String, CompleteAttemptRequest> completions = new ConcurrentHashMap<>();
  private final Map<String, FailAttemptRequest> failures = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();

  public void enqueue(TaskAssignment assignment) {
    queue.add(assignment);
  }

  public void refuseCompletionOf(String attemptId) {
    refused.add(attemptId);
  }

  public void forgetWorkers() {
    workers.clear();
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
    String id = "worker-" + ids.incrementAndGet();
    registrations.add(request);
    workers.add(id);
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
    responses.onNext(HeartbeatResponse.getDefaultInstance());
    responses.onCompleted();
  }

  @Override
  public void acquireTask(AcquireTaskRequest request, StreamObserver<AcquireTaskResponse> responses) {
    try {
      TaskAssignment assignment = queue.poll(request.getWaitMillis(), TimeUnit.MILLISECONDS);
      AcquireTaskResponse.Builder response = AcquireTaskResponse.newBuilder();
      if (assignment != null) {
        response.setAssignment(assignment);
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
    completions.put(request.getAttemptId(), request);
    responses.onNext(CompleteAttemptResponse.newBuilder().setAccepted(!refused.contains(request.getAttemptId())).build());
    responses.onCompleted();
  }

  @Override
  public void failAttempt(FailAttemptRequest request, StreamObserver<FailAttemptResponse> responses) {
    failures.put(request.getAttemptId(), request);
    responses.onNext(FailAttemptResponse.getDefaultInstance());
    responses.onCompleted();
  }
}
