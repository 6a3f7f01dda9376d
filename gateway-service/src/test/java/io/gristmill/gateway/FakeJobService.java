package io.gristmill.gateway;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A job service that records submissions and answers what the test put in it. */
public final class FakeJobService extends JobServiceGrpc.JobServiceImplBase {

  public static final Instant SUBMITTED_AT = Instant.parse("2025-03-04T05:06:07Z");

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<SubmitJobRequest> submissions = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private volatile StatusRuntimeException failure;

  public void reset() {
    jobs.clear();
    submissions.clear();
    nextId.set(0);
    failure = null;
  }

  public void put(Job job) {
    jobs.put(job.getId(), job);
  }

  public List<SubmitJobRequest> submissions() {
    return List.copyOf(submissions);
  }

  /** Every later call fails with this status. */
  public void failWith(Status status) {
    failure = status.asRuntimeException();
  }

  @Override
  public void submitJob(SubmitJobRequest request, StreamObserver<Job> responses) {
    if (failure != null) {
      responses.onError(failure);
      return;
    }
    submissions.add(request);
    Job job = Job.newBuilder()
        .setId("job-" + nextId.incrementAndGet())
        .setType(request.getType())
        .setStatus(JobStatus.JOB_STATUS_PENDING)
        .addAllInputFileIds(request.getInputFileIdsList())
        .setReducers(request.getReducers())
        .setOwner(request.getOwner())
        .putAllParams(request.getParamsMap())
        .setSubmittedAt(timestamp(SUBMITTED_AT))
        .build();
    jobs.put(job.getId(), job);
    responses.onNext(job);
    responses.onCompleted();
  }

  @Override
  public void getJob(GetJobRequest request, StreamObserver<Job> responses) {
    if (failure != null) {
      responses.onError(failure);
      return;
    }
    Job job = jobs.get(request.getJobId());
    if (job == null) {
      responses.onError(Status.NOT_FOUND.withDescription("no job " + request.getJobId()).asRuntimeException());
      return;
    }
    responses.onNext(job);
    responses.onCompleted();
  }

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
