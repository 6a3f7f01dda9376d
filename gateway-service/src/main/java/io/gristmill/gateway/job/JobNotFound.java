package io.gristmill.gateway.job;

import io.gristmill.gateway.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * 404 for a job the caller may not see, worded exactly as the job service words a missing one, so that the
 * two cannot be told apart.
 */
final class JobNotFound extends ErrorResponseException {

  JobNotFound(String jobId) {
    super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "job " + jobId + " not found"), null);
  }
}
