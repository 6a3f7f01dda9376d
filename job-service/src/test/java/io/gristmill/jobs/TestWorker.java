package io.gristmill.jobs;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import java.util.Map;
import java.util.Optional;

/** A worker as the job service sees it: calls through the real TaskDispatch stub. */
public record TestWorker(String id, String shuffleAddress) {

  public static TestWorker register(String shuffleAddress) {
    String id = IntegrationTest.dispatch().registerWorker(RegisterWorkerRequest.newBuilder()
        .setHost("test-host")
        .setPid(4242)
        .setSlots(2)
        .setShuffleAddress(shuffleAddress)
        .build()).getWorkerId();
    return new TestWorker(id, shuffleAddress);
  }

  /** The next task, waiting up to {@code waitMillis} for one. */
  public Optional<TaskAssignment> acquire(long waitMillis) {
    var response = IntegrationTest.dispatch().acquireTask(
        AcquireTaskRequest.newBuilder().setWorkerId(id).setWaitMillis(waitMillis).build());
    return response.hasAssignment() ? Optional.of(response.getAssignment()) : Optional.empty();
  }

  /** A task that must be runnable now. */
  public TaskAssignment acquireNow() {
    return acquire(0).orElseThrow(() -> new AssertionError("no task was runnable"));
  }

  public boolean complete(String attemptId, String outputFileId) {
    return IntegrationTest.dispatch().completeAttempt(CompleteAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(attemptId)
        .setOutputFileId(outputFileId)
        .putAllCounters(Map.of("records", 7L))
        .build()).getAccepted();
  }

  public boolean completeMap(TaskAssignment map) {
    return complete(map.getAttemptId(), "");
  }

  /** Completes a map whose output the worker wrote to the blob store as {@code intermediateFileId}. */
  public boolean completeMapStoredIn(TaskAssignment map, String intermediateFileId) {
    return IntegrationTest.dispatch().completeAttempt(CompleteAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(map.getAttemptId())
        .setIntermediateFileId(intermediateFileId)
        .putAllCounters(Map.of("records", 7L))
        .build()).getAccepted();
  }

  public void fail(String attemptId, String error) {
    IntegrationTest.dispatch().failAttempt(FailAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(attemptId)
        .setError(error)
        .setStackTrace("java.lang.RuntimeException: " + error + "\n\tat Mapper.map(Mapper.java:1)")
        .build());
  }
}
