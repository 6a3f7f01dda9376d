package io.gristmill.jobs.job;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.ListJobsRequest;
import io.gristmill.contracts.job.v1.ListJobsResponse;
import io.gristmill.contracts.job.v1.ListTasksRequest;
import io.gristmill.contracts.job.v1.ListTasksResponse;
import io.gristmill.contracts.job.v1.ListWorkersRequest;
import io.gristmill.contracts.job.v1.ListWorkersResponse;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.jobs.system.Ids;
import io.gristmill.jobs.system.InvalidRequestException;
import io.gristmill.jobs.task.Task;
import io.gristmill.jobs.task.TaskDetail;
import io.gristmill.jobs.task.TaskQueries;
import io.gristmill.jobs.worker.Worker;
import io.gristmill.jobs.worker.WorkerQueries;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.service.GrpcService;

/** The gateway's view of jobs: a thin adapter between the wire and {@link JobSubmission} / {@link JobQueries}. */
@GrpcService
class JobGrpcService extends JobServiceGrpc.JobServiceImplBase {

  private final JobSubmission submission;
  private final JobQueries queries;
  private final JobListing listing;
  private final JobCancellation cancellation;
  private final TaskQueries tasks;
  private final WorkerQueries workers;
  private final JobEndWaits waits;
  private final GrpcExceptionHandler errors;

  JobGrpcService(JobSubmission submission, JobQueries queries, JobListing listing, JobCancellation cancellation,
      TaskQueries tasks, WorkerQueries workers, JobEndWaits waits, GrpcExceptionHandler errors) {
    this.waits = waits;
    this.errors = errors;
    this.submission = submission;
    this.queries = queries;
    this.listing = listing;
    this.cancellation = cancellation;
    this.tasks = tasks;
    this.workers = workers;
  }

  @Override
  public void submitJob(SubmitJobRequest request,
      StreamObserver<io.gristmill.contracts.job.v1.Job> responses) {
    Job job = submission.submit(new JobSpec(request.getType(), request.getInputFileIdsList(),
        request.getReducers(), request.getOwner(), request.getParamsMap(),
        request.hasCustom() ? CustomCodes.fromMessage(request.getCustom()) : null, request.getRequestId(),
        request.getPriority()));
    responses.onNext(toMessage(queries.view(job.id())));
    responses.onCompleted();
  }

  /**
   * With a wait, the call is held without a thread until the job ends or the wait runs out: the wait is registered
   * before the job is read, so an end committed in between completes it at once.
   */
  @Override
  public void getJob(GetJobRequest request, StreamObserver<io.gristmill.contracts.job.v1.Job> responses) {
    UUID jobId = Ids.parse("job", request.getJobId());
    Duration wait = checkedWait(request.getWaitForEndMillis());
    if (wait.isZero()) {
      answer(responses, queries.view(jobId));
      return;
    }
    CompletableFuture<Void> ended = waits.awaitEnd(jobId, wait);
    JobView now;
    try {
      now = queries.view(jobId);
    } catch (RuntimeException e) {
      ended.cancel(false);
      throw e;
    }
    if (!now.job().status().isActive()) {
      ended.cancel(false);
      answer(responses, now);
      return;
    }
    ((ServerCallStreamObserver<?>) responses).setOnCancelHandler(() -> ended.cancel(false));
    ended.whenComplete((ignored, cancelled) -> {
      if (cancelled != null) {
        return; // the caller went away
      }
      try {
        answer(responses, queries.view(jobId));
      } catch (RuntimeException e) {
        StatusException status = errors.handleException(e);
        responses.onError(status != null ? status : Status.INTERNAL.withDescription("could not read job " + jobId)
            .withCause(e).asException());
      }
    });
  }

  private Duration checkedWait(long millis) {
    Duration max = waits.maxWait();
    if (millis < 0 || millis > max.toMillis()) {
      throw new InvalidRequestException("wait_for_end_millis must be between 0 and " + max.toMillis()
          + " (gristmill.jobs.waits.max-wait), got " + millis);
    }
    return Duration.ofMillis(millis);
  }

  private static void answer(StreamObserver<io.gristmill.contracts.job.v1.Job> responses, JobView view) {
    responses.onNext(toMessage(view));
    responses.onCompleted();
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
    Set<io.gristmill.jobs.job.JobStatus> statuses = EnumSet.noneOf(io.gristmill.jobs.job.JobStatus.class);
    for (JobStatus status : request.getStatusesList()) {
      statuses.add(fromMessage(status));
    }
    JobListing.JobPage page = listing.list(new JobListing.Filter(request.getOwner(), request.getType(), statuses),
        request.getPageSize(), request.getPageToken());
    responses.onNext(ListJobsResponse.newBuilder()
        .addAllJobs(page.jobs().stream().map(JobGrpcService::toMessage).toList())
        .setNextPageToken(page.nextPageToken())
        .setTotal(page.total())
        .build());
    responses.onCompleted();
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<io.gristmill.contracts.job.v1.Job> responses) {
    UUID jobId = Ids.parse("job", request.getJobId());
    cancellation.cancel(jobId);
    responses.onNext(toMessage(queries.view(jobId)));
    responses.onCompleted();
  }

  @Override
  public void listTasks(ListTasksRequest request, StreamObserver<ListTasksResponse> responses) {
    UUID jobId = Ids.parse("job", request.getJobId());
    queries.view(jobId);
    responses.onNext(ListTasksResponse.newBuilder()
        .addAllTasks(tasks.tasksOf(jobId).stream().map(JobGrpcService::toMessage).toList())
        .build());
    responses.onCompleted();
  }

  @Override
  public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> responses) {
    responses.onNext(ListWorkersResponse.newBuilder()
        .addAllWorkers(workers.list().stream().map(JobGrpcService::toMessage).toList())
        .build());
    responses.onCompleted();
  }

  private static io.gristmill.contracts.job.v1.Task toMessage(TaskDetail detail) {
    Task task = detail.task();
    io.gristmill.contracts.job.v1.Task.Builder message = io.gristmill.contracts.job.v1.Task.newBuilder()
        .setId(task.id().toString())
        .setKind(task.kind().name())
        .setIndex(task.index())
        .setStatus(task.status().name())
        .setOutputFileId(task.outputFileId().orElse(""));
    task.split().ifPresent(split -> message.setFileId(split.fileId()).setSplitOffset(split.offset())
        .setSplitLength(split.length()));
    for (TaskDetail.AttemptDetail a : detail.attempts()) {
      io.gristmill.contracts.job.v1.Attempt.Builder attempt = io.gristmill.contracts.job.v1.Attempt.newBuilder()
          .setId(a.id().toString())
          .setWorkerId(a.workerId().toString())
          .setWorkerHost(a.workerHost())
          .setStatus(a.status().name())
          .setStartedAt(toMessage(a.startedAt()))
          .setError(a.error().orElse(""))
          .setStackTrace(a.stackTrace().orElse(""))
          .setBackup(a.backup())
          .putAllCounters(a.counters());
      a.finishedAt().ifPresent(t -> attempt.setFinishedAt(toMessage(t)));
      message.addAttempts(attempt);
    }
    return message.build();
  }

  private static io.gristmill.contracts.job.v1.Worker toMessage(WorkerQueries.WorkerStatus status) {
    Worker worker = status.worker();
    return io.gristmill.contracts.job.v1.Worker.newBuilder()
        .setId(worker.id().toString())
        .setHost(worker.host())
        .setPid(worker.pid())
        .setSlots(worker.slots())
        .setRunningAttempts(status.runningAttempts())
        .setShuffleAddress(worker.shuffleAddress())
        .setRegisteredAt(toMessage(worker.registeredAt()))
        .setLastHeartbeat(toMessage(worker.lastHeartbeat()))
        .setState(worker.state().name())
        .setClockOffsetMillis(worker.clockOffset().map(Duration::toMillis).orElse(0L))
        .build();
  }

  private static io.gristmill.jobs.job.JobStatus fromMessage(JobStatus status) {
    return switch (status) {
      case JOB_STATUS_PENDING -> io.gristmill.jobs.job.JobStatus.PENDING;
      case JOB_STATUS_RUNNING -> io.gristmill.jobs.job.JobStatus.RUNNING;
      case JOB_STATUS_SUCCEEDED -> io.gristmill.jobs.job.JobStatus.SUCCEEDED;
      case JOB_STATUS_FAILED -> io.gristmill.jobs.job.JobStatus.FAILED;
      case JOB_STATUS_CANCELLED -> io.gristmill.jobs.job.JobStatus.CANCELLED;
      case JOB_STATUS_UNSPECIFIED, UNRECOGNIZED ->
          throw new InvalidRequestException("job status filter " + status.getNumber() + " is not a status");
    };
  }

  private static io.gristmill.contracts.job.v1.Job toMessage(JobView view) {
    Job job = view.job();
    io.gristmill.contracts.job.v1.Job.Builder message = io.gristmill.contracts.job.v1.Job.newBuilder()
        .setId(job.id().toString())
        .setType(job.type())
        .setStatus(toMessage(job.status()))
        .addAllInputFileIds(job.inputFileIds())
        .setReducers(job.reducers())
        .setPriority(job.priority())
        .setOwner(job.owner())
        .putAllParams(job.params())
        .setMapProgress(toMessage(view.maps()))
        .setReduceProgress(toMessage(view.reduces()))
        .addAllOutputFileIds(job.outputFileIds())
        .setError(job.error().orElse(""))
        .setSubmittedAt(toMessage(job.submittedAt()));
    job.custom().ifPresent(code -> message.setCustom(CustomCodes.toMessage(code)));
    message.putAllCounters(view.counters());
    job.startedAt().ifPresent(t -> message.setStartedAt(toMessage(t)));
    job.finishedAt().ifPresent(t -> message.setFinishedAt(toMessage(t)));
    return message.build();
  }

  private static io.gristmill.contracts.job.v1.Progress toMessage(Progress progress) {
    return io.gristmill.contracts.job.v1.Progress.newBuilder()
        .setTotal(progress.total())
        .setSucceeded(progress.succeeded())
        .setRunning(progress.running())
        .setFailed(progress.failed())
        .build();
  }

  private static JobStatus toMessage(io.gristmill.jobs.job.JobStatus status) {
    return switch (status) {
      case PENDING -> JobStatus.JOB_STATUS_PENDING;
      case RUNNING -> JobStatus.JOB_STATUS_RUNNING;
      case SUCCEEDED -> JobStatus.JOB_STATUS_SUCCEEDED;
      case FAILED -> JobStatus.JOB_STATUS_FAILED;
      case CANCELLED -> JobStatus.JOB_STATUS_CANCELLED;
    };
  }

  private static Timestamp toMessage(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
