package io.gristmill.gateway.job;

import io.grpc.Status;
import io.gristmill.contracts.job.v1.Job;

/** Status of a job as the REST API names it. */
enum JobStatus {
  PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  /** SUCCEEDED, FAILED or CANCELLED: the job will not change again. */
  boolean hasEnded() {
    return this != PENDING && this != RUNNING;
  }

  io.gristmill.contracts.job.v1.JobStatus toWire() {
    return io.gristmill.contracts.job.v1.JobStatus.valueOf("JOB_STATUS_" + name());
  }

  /** An unknown wire value means the job service is newer than this gateway: a bad upstream answer, not ours. */
  static JobStatus of(Job job) {
    return switch (job.getStatus()) {
      case JOB_STATUS_PENDING -> PENDING;
      case JOB_STATUS_RUNNING -> RUNNING;
      case JOB_STATUS_SUCCEEDED -> SUCCEEDED;
      case JOB_STATUS_FAILED -> FAILED;
      case JOB_STATUS_CANCELLED -> CANCELLED;
      case JOB_STATUS_UNSPECIFIED, UNRECOGNIZED -> throw Status.INTERNAL
          .withDescription("job service answered job " + job.getId() + " with status " + job.getStatusValue())
          .asRuntimeException();
    };
  }
}
