package io.gristmill.jobs;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptResponse;
import io.gristmill.contracts.job.v1.CompleteAttemptsRequest;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.FetchFailure;
import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.HeartbeatResponse;
import io.gristmill.contracts.job.v1.LeaveWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.grpc.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A worker as the job service sees it: calls through the real TaskDispatch stub over a channel. */
public final class TestWorker {

  private final String id;
  private final String shuffleAddress;
  private volatile Channel channel;

  private TestWorker(String id, String shuffleAddress, Channel channel) {
    this.id = id;
    this.shuffleAddress = shuffleAddress;
    this.channel = channel;
  }

  /** Registers with the suite's job service on host "test-host". */
  public static TestWorker register(String shuffleAddress) {
    return register(IntegrationTest.channel(), "test-host", shuffleAddress);
  }

  public static TestWorker register(Channel channel, String host, String shuffleAddress) {
    String id = stub(channel).registerWorker(RegisterWorkerRequest.newBuilder()
        .setHost(host)
        .setPid(4242)
        .setSlots(2)
        .setShuffleAddress(shuffleAddress)
        .setRequestId(UUID.randomUUID().toString())
        .build()).getWorkerId();
    return new TestWorker(id, shuffleAddress, channel);
  }

  public String id() {
    return id;
  }

  public String shuffleAddress() {
    return shuffleAddress;
  }

  /** From now on talks to another job-service instance, keeping its id (as after a job-service restart). */
  public void switchTo(Channel other) {
    this.channel = other;
  }

  private TaskDispatchGrpc.TaskDispatchBlockingStub dispatch() {
    return stub(channel);
  }

  private static TaskDispatchGrpc.TaskDispatchBlockingStub stub(Channel channel) {
    return TaskDispatchGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** The next task, waiting up to {@code waitMillis} for one. */
  public Optional<TaskAssignment> acquire(long waitMillis) {
    var response = dispatch().acquireTask(
        AcquireTaskRequest.newBuilder().setWorkerId(id).setWaitMillis(waitMillis).build());
    return response.hasAssignment() ? Optional.of(response.getAssignment()) : Optional.empty();
  }

  /** Up to {@code max} tasks claimed in one call, in the order to run them, waiting up to {@code waitMillis}. */
  public List<TaskAssignment> acquireUpTo(int max, long waitMillis) {
    var response = dispatch().acquireTask(AcquireTaskRequest.newBuilder()
        .setWorkerId(id).setWaitMillis(waitMillis).setMaxAssignments(max).build());
    if (!response.hasAssignment()) {
      return List.of();
    }
    List<TaskAssignment> all = new ArrayList<>();
    all.add(response.getAssignment());
    all.addAll(response.getMoreAssignmentsList());
    return all;
  }

  /** A task that must be runnable now. */
  public TaskAssignment acquireNow() {
    return acquire(0).orElseThrow(() -> new AssertionError("no task was runnable"));
  }

  public boolean complete(String attemptId, String outputFileId) {
    return dispatch().completeAttempt(CompleteAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(attemptId)
        .setOutputFileId(outputFileId)
        .putAllCounters(Map.of("records", 7L))
        .build()).getAccepted();
  }

  /** Completes a map or reduce assignment as a busy worker does, asking for its next task in the same call. */
  public CompleteAttemptResponse completeAndAcquireNext(TaskAssignment assignment) {
    return dispatch().completeAttempt(CompleteAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(assignment.getAttemptId())
        .setOutputFileId(assignment.hasMap() ? "" : "out-" + assignment.getIndex())
        .putAllCounters(Map.of("records", 7L))
        .setAcquireNext(true)
        .build());
  }

  /**
   * Completes map and reduce assignments in one CompleteAttempts call, each as {@link #complete(TaskAssignment)}
   * would; the answer's accepted flags in order.
   */
  public List<Boolean> completeAll(TaskAssignment... assignments) {
    return completeAll(Arrays.stream(assignments).map(this::completion).toList());
  }

  /** One CompleteAttempts call with these items as they are. */
  public List<Boolean> completeAll(List<CompleteAttemptRequest> completions) {
    return dispatch().completeAttempts(CompleteAttemptsRequest.newBuilder()
        .setWorkerId(id)
        .addAllCompletions(completions)
        .build()).getAcceptedList();
  }

  /** The completion a worker reports for an assignment (a reduce writes "out-&lt;partition&gt;"). */
  public CompleteAttemptRequest completion(TaskAssignment assignment) {
    return CompleteAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(assignment.getAttemptId())
        .setOutputFileId(assignment.hasMap() ? "" : "out-" + assignment.getIndex())
        .putAllCounters(Map.of("records", 7L))
        .build();
  }

  /** Completes a map or reduce assignment (a reduce writes "out-&lt;partition&gt;"). */
  public boolean complete(TaskAssignment assignment) {
    return assignment.hasMap() ? completeMap(assignment)
        : complete(assignment.getAttemptId(), "out-" + assignment.getIndex());
  }

  public boolean completeMap(TaskAssignment map) {
    return complete(map.getAttemptId(), "");
  }

  /** Completes a map whose output the worker wrote to the blob store as {@code intermediateFileId}. */
  public boolean completeMapStoredIn(TaskAssignment map, String intermediateFileId) {
    return dispatch().completeAttempt(CompleteAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(map.getAttemptId())
        .setIntermediateFileId(intermediateFileId)
        .putAllCounters(Map.of("records", 7L))
        .build()).getAccepted();
  }

  /** Completes with the worker's own start and finish times (its clock, epoch milliseconds). */
  public boolean completeTimed(TaskAssignment assignment, long startedAtMillis, long finishedAtMillis) {
    return dispatch().completeAttempt(CompleteAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(assignment.getAttemptId())
        .setOutputFileId(assignment.hasMap() ? "" : "out-" + assignment.getIndex())
        .setStartedAtMillis(startedAtMillis)
        .setFinishedAtMillis(finishedAtMillis)
        .build()).getAccepted();
  }

  public void fail(String attemptId, String error) {
    dispatch().failAttempt(FailAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(attemptId)
        .setError(error)
        .setStackTrace("java.lang.RuntimeException: " + error + "\n\tat Mapper.map(Mapper.java:1)")
        .build());
  }

  /** Fails a reduce attempt because it could not fetch the given map outputs (map index, map attempt id). */
  public void failToFetch(TaskAssignment reduce, Map<Integer, String> mapAttempts) {
    FailAttemptRequest.Builder request = FailAttemptRequest.newBuilder()
        .setWorkerId(id)
        .setAttemptId(reduce.getAttemptId())
        .setError("could not fetch " + mapAttempts.size() + " map outputs");
    mapAttempts.forEach((index, attempt) -> request.addFetchFailures(FetchFailure.newBuilder()
        .setMapIndex(index).setMapAttemptId(attempt).setError("UNAVAILABLE: connection refused")));
    dispatch().failAttempt(request.build());
  }

  /** Heartbeats listing {@code running}; returns the reply. */
  public HeartbeatResponse heartbeat(List<String> running) {
    return heartbeat(HeartbeatRequest.newBuilder().addAllRunningAttemptIds(running));
  }

  public HeartbeatResponse heartbeat(HeartbeatRequest.Builder request) {
    return dispatch().heartbeat(request.setWorkerId(id).setSentAtMillis(System.currentTimeMillis()).build());
  }

  public void leave() {
    dispatch().leaveWorker(LeaveWorkerRequest.newBuilder().setWorkerId(id).build());
  }
}
