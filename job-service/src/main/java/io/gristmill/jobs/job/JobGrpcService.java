package io.gristmill.jobs.job;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.jobs.system.Ids;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import org.springframework.grpc.server.service.GrpcService;

/** The gateway's view of jobs: a thin adapter between the wire and {@link JobSubmission} / {@link JobQueries}. */
@GrpcService
class JobGrpcService extends JobServiceGrpc.JobServiceImplBase {

  private final JobSubmission submission;
  private final JobQueries queries;

  JobGrpcService(JobSubmission submission, JobQueries queries) {
    this.submission = submission;
    this.queries = queries;
  }

  @Override
  public void submitJob(SubmitJobRequest request,
      StreamObserver<io.gristmill.contracts.job.v1.Job> responses) {
    Job job = submission.submit(new JobSpec(request.getType(), request.getInputFileIdsList(),
        request.getReducers(), request.getOwner(), request.getParamsMap(),
        request.hasCustom() ? CustomCodes.fromMessage(request.getCustom()) : null));
    responses.onNext(toMessage(queries.view(job.id())));
    responses.onCompleted();
  }

  @Override
  public void getJob(GetJobRequest request, StreamObserver<io.gristmill.contracts.job.v1.Job> responses) {
    responses.onNext(toMessage(queries.view(Ids.parse("job", request.getJobId()))));
    responses.onCompleted();
  }

  private static io.gristmill.contracts.job.v1.Job toMessage(JobView view) {
    Job job = view.job();
    io.gristmill.contracts.job.v1.Job.Builder message = io.gristmill.contracts.job.v1.Job.newBuilder()
        .setId(job.id().toString())
        .setType(job.type())
        .setStatus(toMessage(job.status()))
        .addAllInputFileIds(job.inputFileIds())
        .setReducers(job.reducers())
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
