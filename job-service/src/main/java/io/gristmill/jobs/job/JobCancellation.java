package io.gristmill.jobs.job;

import io.gristmill.jobs.system.ConflictException;
import io.gristmill.jobs.system.NotFoundException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels a job under its row lock, so that it cannot race a commit that would make it SUCCEEDED. Running
 * attempts are not interrupted: the dispatcher hands out no more of the job's tasks and refuses their commits.
 * May be called any number of times.
 */
@Service
public class JobCancellation {

  private static final Logger log = LoggerFactory.getLogger(JobCancellation.class);

  private final JobRepository jobs;
  private final Clock clock;

  JobCancellation(JobRepository jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
  }

  @Transactional
  public void cancel(UUID jobId) {
    Job job = jobs.lockById(jobId).orElseThrow(() -> new NotFoundException("job " + jobId + " not found"));
    if (!job.status().isActive() && job.status() != JobStatus.CANCELLED) {
      throw new ConflictException("job " + jobId + " already " + job.status() + "; only PENDING or RUNNING "
          + "jobs can be cancelled");
    }
    if (job.cancel(clock.instant())) {
      log.info("job {} cancelled", jobId);
    }
  }
}
