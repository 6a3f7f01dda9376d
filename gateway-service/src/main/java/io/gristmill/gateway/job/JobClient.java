package io.gristmill.gateway.job;

import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.gateway.system.GatewayProperties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Calls to the job service, each under {@code gristmill.gateway.rpc-timeout}. Neither call is retried: a
 * submission has no request id yet, so a retry could record the job twice.
 */
@Component
class JobClient {

  private final JobServiceGrpc.JobServiceBlockingStub stub;
  private final Duration timeout;

  JobClient(JobServiceGrpc.JobServiceBlockingStub stub, GatewayProperties properties) {
    this.stub = stub;
    this.timeout = properties.rpcTimeout();
  }

  Job submit(SubmitJobRequest request) {
    return deadlined().submitJob(request);
  }

  Job get(String jobId) {
    return deadlined().getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
  }

  private JobServiceGrpc.JobServiceBlockingStub deadlined() {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
