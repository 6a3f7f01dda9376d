package io.gristmill.gateway.job;

import com.google.common.util.concurrent.ListenableFuture;
import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.ListJobsRequest;
import io.gristmill.contracts.job.v1.ListJobsResponse;
import io.gristmill.contracts.job.v1.ListTasksRequest;
import io.gristmill.contracts.job.v1.ListWorkersRequest;
import io.gristmill.contracts.job.v1.Task;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.gateway.system.GatewayProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Calls to the job service, each under {@code gristmill.gateway.rpc-timeout}. None is retried here: reads are
 * cheap for the caller to repeat, and a submission is safe to repeat only when the caller gave an
 * Idempotency-Key (passed on as the request id).
 */
@Component
public class JobClient {

  private final JobServiceGrpc.JobServiceBlockingStub stub;
  private final JobServiceGrpc.JobServiceFutureStub futureStub;
  private final Duration timeout;

  JobClient(JobServiceGrpc.JobServiceBlockingStub stub, GatewayProperties properties) {
    this.stub = stub;
    this.futureStub = JobServiceGrpc.newFutureStub(stub.getChannel());
    this.timeout = properties.rpcTimeout();
  }

  Job submit(SubmitJobRequest request) {
    return deadlined().submitJob(request);
  }

  Job get(String jobId) {
    return deadlined().getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
  }

  /**
   * The job once it has ended, or as it is after {@code wait}; the call holds no thread meanwhile. Its deadline
   * is the wait plus the usual RPC timeout.
   */
  ListenableFuture<Job> awaitEnd(String jobId, Duration wait) {
    return futureStub.withDeadlineAfter(deadlineOf(wait).toMillis(), TimeUnit.MILLISECONDS)
        .getJob(GetJobRequest.newBuilder().setJobId(jobId).setWaitForEndMillis(wait.toMillis()).build());
  }

  /** How long {@link #awaitEnd} may take at most before its deadline fails it. */
  Duration deadlineOf(Duration wait) {
    return wait.plus(timeout);
  }

  ListJobsResponse list(ListJobsRequest request) {
    return deadlined().listJobs(request);
  }

  Job cancel(String jobId) {
    return deadlined().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build());
  }

  List<Task> tasks(String jobId) {
    return deadlined().listTasks(ListTasksRequest.newBuilder().setJobId(jobId).build()).getTasksList();
  }

  public List<Worker> workers() {
    return deadlined().listWorkers(ListWorkersRequest.getDefaultInstance()).getWorkersList();
  }

  private JobServiceGrpc.JobServiceBlockingStub deadlined() {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
