package io.gristmill.gateway;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.ListJobsRequest;
import io.gristmill.contracts.job.v1.ListJobsResponse;
import io.gristmill.contracts.job.v1.ListTasksRequest;
import io.gristmill.contracts.job.v1.ListTasksResponse;
import io.gristmill.contracts.job.v1.ListWorkersRequest;
import io.gristmill.contracts.job.v1.ListWorkersResponse;
import io.gristmill.contracts.job.v1.Task;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import java.time.Instant;
import java.util.Comparator;
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
  private final Map<String, List<Task>> tasks = new ConcurrentHashMap<>();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final List<ListJobsRequest> listRequests = new CopyOnWriteArrayList<>();
  private final Map<String, SubmitJobRequest> requestIds = new ConcurrentHashMap<>();
  private final Map<String, String> jobOfRequest = new ConcurrentHashMap<>();
  private volatile StatusRuntimeException failure;
  /** GetJob calls with a wait, held until {@link #put} ends their job, as the job service holds them. */
  private final Map<String, List<StreamObserver<Job>>> waiting = new ConcurrentHashMap<>();
  private final List<Long> waitsAskedFor = new java.util.concurrent.CopyOnWriteArrayList<>();

  public void reset() {
    tasks.clear();
    workers.clear();
    listRequests.clear();
    requestIds.clear();
    jobOfRequest.clear();
    jobs.clear();
    submissions.clear();
    nextId.set(0);
    failure = null;
    waiting.clear();
    waitsAskedFor.clear();
  }

  /** Stores the job; when it has ended, answers the calls waiting for it. */
  public void put(Job job) {
    jobs.put(job.getId(), job);
    if (ended(job)) {
      List<StreamObserver<Job>> held = waiting.remove(job.getId());
      if (held != null) {
        held.forEach(responses -> {
          responses.onNext(job);
          responses.onCompleted();
        });
      }
    }
  }

  /** GetJob calls held now for {@code jobId}. */
  public int waitingFor(String jobId) {
    return waiting.getOrDefault(jobId, List.of()).size();
  }

  /** The wait_for_end_millis of every GetJob that asked for a wait, in order. */
  public List<Long> waitsAskedFor() {
    return List.copyOf(waitsAskedFor);
  }

  private static boolean ended(Job job) {
    return job.getStatus() == JobStatus.JOB_STATUS_SUCCEEDED || job.getStatus() == JobStatus.JOB_STATUS_FAILED
        || job.getStatus() == JobStatus.JOB_STATUS_CANCELLED;
  }

  public Job job(String id) {
    return jobs.get(id);
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
    if (!request.getRequestId().isEmpty()) {
      String key = request.getOwner() + "/" + request.getRequestId();
      SubmitJobRequest first = requestIds.putIfAbsent(key, request);
      if (first != null && !first.equals(request)) {
        responses.onError(Status.ALREADY_EXISTS.withDescription("request id '" + request.getRequestId()
            + "' was already used for job " + jobOfRequest.get(key) + ", which asked for something else")
            .asRuntimeException());
        return;
      }
      if (first != null) {
        responses.onNext(jobs.get(jobOfRequest.get(key)));
        responses.onCompleted();
        return;
      }
    }
    Job job = Job.newBuilder()
        .setId("job-" + nextId.incrementAndGet())
        .setType(request.getType())
        .setStatus(JobStatus.JOB_STATUS_PENDING)
        .addAllInputFileIds(request.getInputFileIdsList())
        .setReducers(request.getReducers())
        .setOwner(request.getOwner())
        .putAllParams(request.getParamsMap())
        .setPriority(request.getPriority())
        .setSubmittedAt(timestamp(SUBMITTED_AT))
        .build();
    jobs.put(job.getId(), job);
    if (!request.getRequestId().isEmpty()) {
      jobOfRequest.put(request.getOwner() + "/" + request.getRequestId(), job.getId());
    }
    responses.onNext(job);
    responses.onCompleted();
  }

  /** Tasks ListTasks answers for a job. */
  public void putTasks(String jobId, List<Task> jobTasks) {
    tasks.put(jobId, List.copyOf(jobTasks));
  }

  public void putWorkers(List<Worker> all) {
    workers.clear();
    workers.addAll(all);
  }

  public List<ListJobsRequest> listRequests() {
    return List.copyOf(listRequests);
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
    if (failure != null) {
      responses.onError(failure);
      return;
    }
    listRequests.add(request);
    List<Job> matching = jobs.values().stream()
        .filter(j -> request.getOwner().isEmpty() || j.getOwner().equals(request.getOwner()))
        .filter(j -> request.getType().isEmpty() || j.getType().equals(request.getType()))
        .filter(j -> request.getStatusesList().isEmpty() || request.getStatusesList().contains(j.getStatus()))
        .sorted(Comparator.comparing(Job::getId).reversed())
        .toList();
    int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    int to = Math.min(matching.size(), from + request.getPageSize());
    responses.onNext(ListJobsResponse.newBuilder().addAllJobs(matching.subList(from, to))
        .setNextPageToken(to < matching.size() ? Integer.toString(to) : "").setTotal(matching.size()).build());
    responses.onCompleted();
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<Job> responses) {
    Job job = jobs.get(request.getJobId());
    if (job == null) {
      responses.onError(Status.NOT_FOUND.withDescription("job " + request.getJobId() + " not found")
          .asRuntimeException());
      return;
    }
    if (job.getStatus() == JobStatus.JOB_STATUS_SUCCEEDED) {
      responses.onError(Status.FAILED_PRECONDITION.withDescription("job " + job.getId()
          + " already SUCCEEDED; only PENDING or RUNNING jobs can be cancelled").asRuntimeException());
      return;
    }
    Job cancelled = job.toBuilder().setStatus(JobStatus.JOB_STATUS_CANCELLED).build();
    jobs.put(job.getId(), cancelled);
    responses.onNext(cancelled);
    responses.onCompleted();
  }

  @Override
  public void listTasks(ListTasksRequest request, StreamObserver<ListTasksResponse> responses) {
    responses.onNext(ListTasksResponse.newBuilder()
        .addAllTasks(tasks.getOrDefault(request.getJobId(), List.of())).build());
    responses.onCompleted();
  }

  @Override
  public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> responses) {
    responses.onNext(ListWorkersResponse.newBuilder().addAllWorkers(workers).build());
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
    if (request.getWaitForEndMillis() > 0) {
      waitsAskedFor.add(request.getWaitForEndMillis());
      if (!ended(job)) {
        waiting.computeIfAbsent(job.getId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(responses);
        return;
      }
    }
    responses.onNext(job);
    responses.onCompleted();
  }

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
