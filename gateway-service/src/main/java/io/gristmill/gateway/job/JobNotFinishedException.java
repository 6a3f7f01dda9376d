package io.gristmill.gateway.job;

/** The output of a job was asked for before the job SUCCEEDED. */
public final class JobNotFinishedException extends RuntimeException {

  JobNotFinishedException(String jobId, JobStatus status) {
    super("Job " + jobId + " is " + status + "; its output can be read only once it has SUCCEEDED.");
  }
}
