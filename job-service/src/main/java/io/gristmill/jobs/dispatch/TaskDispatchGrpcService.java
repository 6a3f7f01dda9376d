package io.gristmill.jobs.dispatch;

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
import io.gristmill.contracts.job.v1.MapOutputLocation;
import io.gristmill.contracts.job.v1.MapSpec;
import io.gristmill.contracts.job.v1.ReduceSpec;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerResponse;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.job.CustomCodes;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.system.Ids;
import io.gristmill.jobs.system.InvalidRequestException;
import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.worker.Worker;
import io.gristmill.jobs.worker.WorkerRegistration;
import io.gristmill.jobs.worker.WorkerRegistry;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.grpc.server.service.GrpcService;

/** The workers' side of the job service: a thin adapter between the wire and the dispatch classes. */
@GrpcService
class TaskDispatchGrpcService extends TaskDispatchGrpc.TaskDispatchImplBase {

  private final WorkerRegistry workers;
  private final Heartbeats heartbeats;
  private final WorkerDeparture departure;
  private final TaskAcquisition acquisition;
  private final AttemptReports reports;
  private final Duration heartbeatInterval;
  private final Duration lease;

  TaskDispatchGrpcService(WorkerRegistry workers, Heartbeats heartbeats, WorkerDeparture departure,
      TaskAcquisition acquisition, AttemptReports reports, JobsProperties properties) {
    this.workers = workers;
    this.heartbeats = heartbeats;
    this.departure = departure;
    this.acquisition = acquisition;
    this.reports = reports;
    this.heartbeatInterval = properties.heartbeatInterval();
    this.lease = properties.lease();
  }

  @Override
  public void registerWorker(RegisterWorkerRequest request, StreamObserver<RegisterWorkerResponse> responses) {
    Worker worker = workers.register(new WorkerRegistration(request.getHost(), request.getPid(),
        request.getSlots(), request.getShuffleAddress(), request.getRequestId()));
    responses.onNext(RegisterWorkerResponse.newBuilder()
        .setWorkerId(worker.id().toString())
        .setHeartbeatIntervalMillis(heartbeatInterval.toMillis())
        .setLeaseMillis(lease.toMillis())
        .build());
    responses.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> responses) {
    UUID workerId = Ids.parse("worker", request.getWorkerId());
    List<UUID> running = request.getRunningAttemptIdsList().stream().map(id -> Ids.parse("attempt", id)).toList();
    Heartbeats.Reply reply = heartbeats.beat(workerId, running,
        request.hasClockOffsetMillis() ? Optional.of(request.getClockOffsetMillis()) : Optional.empty(),
        request.getDraining());
    responses.onNext(HeartbeatResponse.newBuilder()
        .setServerTimeMillis(reply.serverTime().toEpochMilli())
        .addAllCancelAttemptIds(reply.cancel().stream().map(UUID::toString).toList())
        .build());
    responses.onCompleted();
  }

  @Override
  public void leaveWorker(LeaveWorkerRequest request, StreamObserver<LeaveWorkerResponse> responses) {
    departure.leave(Ids.parse("worker", request.getWorkerId()));
    responses.onNext(LeaveWorkerResponse.getDefaultInstance());
    responses.onCompleted();
  }

  @Override
  public void acquireTask(AcquireTaskRequest request, StreamObserver<AcquireTaskResponse> responses) {
    UUID workerId = Ids.parse("worker", request.getWorkerId());
    Context call = Context.current();
    List<Assignment> assignments;
    try {
      assignments = acquisition.acquire(workerId, Duration.ofMillis(request.getWaitMillis()),
          request.getMaxAssignments(), call::isCancelled);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      responses.onError(Status.UNAVAILABLE.withDescription("job service is shutting down").asException());
      return;
    }
    AcquireTaskResponse.Builder response = AcquireTaskResponse.newBuilder();
    if (!assignments.isEmpty()) {
      response.setAssignment(toMessage(assignments.get(0)));
      assignments.stream().skip(1).forEach(a -> response.addMoreAssignments(toMessage(a)));
    }
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void completeAttempt(CompleteAttemptRequest request, StreamObserver<CompleteAttemptResponse> responses) {
    UUID workerId = Ids.parse("worker", request.getWorkerId());
    boolean accepted = reports.complete(workerId, completion(request));
    CompleteAttemptResponse.Builder response = CompleteAttemptResponse.newBuilder().setAccepted(accepted);
    if (request.getAcquireNext()) {
      Context call = Context.current();
      acquisition.acquireNow(workerId, call::isCancelled).ifPresent(a -> response.setNextAssignment(toMessage(a)));
    }
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void completeAttempts(CompleteAttemptsRequest request, StreamObserver<CompleteAttemptsResponse> responses) {
    UUID workerId = Ids.parse("worker", request.getWorkerId());
    if (request.getCompletionsCount() == 0) {
      throw new InvalidRequestException("completions must name at least one attempt");
    }
    List<AttemptReports.Completion> completions = request.getCompletionsList().stream()
        .map(item -> {
          if (!item.getWorkerId().equals(request.getWorkerId())) {
            throw new InvalidRequestException("completion of attempt " + item.getAttemptId()
                + " names worker " + item.getWorkerId() + ", not the batch's " + request.getWorkerId());
          }
          return completion(item);
        })
        .toList();
    responses.onNext(CompleteAttemptsResponse.newBuilder()
        .addAllAccepted(reports.completeAll(workerId, completions))
        .build());
    responses.onCompleted();
  }

  private static AttemptReports.Completion completion(CompleteAttemptRequest request) {
    return new AttemptReports.Completion(Ids.parse("attempt", request.getAttemptId()), request.getOutputFileId(),
        request.getIntermediateFileId(), request.getCountersMap(),
        new AttemptReports.Timing(request.getStartedAtMillis(), request.getFinishedAtMillis()));
  }

  @Override
  public void failAttempt(FailAttemptRequest request, StreamObserver<FailAttemptResponse> responses) {
    List<AttemptReports.FetchFailure> fetches = request.getFetchFailuresList().stream()
        .map(f -> new AttemptReports.FetchFailure(Ids.parse("map attempt", f.getMapAttemptId()), f.getError()))
        .toList();
    reports.fail(Ids.parse("worker", request.getWorkerId()), Ids.parse("attempt", request.getAttemptId()),
        request.getError(), request.getStackTrace(), fetches,
        new AttemptReports.Timing(request.getStartedAtMillis(), request.getFinishedAtMillis()));
    responses.onNext(FailAttemptResponse.getDefaultInstance());
    responses.onCompleted();
  }

  private static TaskAssignment toMessage(Assignment a) {
    TaskAssignment.Builder message = TaskAssignment.newBuilder()
        .setAttemptId(a.attemptId().toString())
        .setJobId(a.jobId().toString())
        .setTaskId(a.taskId().toString())
        .setIndex(a.index())
        .setJobType(a.jobType())
        .putAllParams(a.params())
        .setReducers(a.reducers());
    a.custom().ifPresent(code -> message.setCustom(CustomCodes.toMessage(code)));
    switch (a.kind()) {
      case MAP -> {
        var split = a.split().orElseThrow();
        message.setKind(TaskKind.TASK_KIND_MAP).setMap(MapSpec.newBuilder()
            .setFileId(split.fileId())
            .setFileName(split.fileName())
            .setOffset(split.offset())
            .setLength(split.length())
            .setFileSize(split.fileSize()));
      }
      case REDUCE -> {
        ReduceSpec.Builder reduce = ReduceSpec.newBuilder();
        a.mapOutputs().forEach(o -> reduce.addMapOutputs(MapOutputLocation.newBuilder()
            .setMapIndex(o.mapIndex())
            .setAttemptId(o.attemptId().toString())
            .setShuffleAddress(o.shuffleAddress())
            .setIntermediateFileId(Objects.requireNonNullElse(o.intermediateFileId(), ""))));
        message.setKind(TaskKind.TASK_KIND_REDUCE).setReduce(reduce);
      }
    }
    return message.build();
  }
}
