package io.gristmill.jobs.job;

import io.gristmill.jobs.system.ConflictException;
import io.gristmill.jobs.system.NotFoundException;
import io.gristmill.jobs.dispatch.JobEnding;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels a job under its row lock, so that it cannot race a commit that would make it SUCCEEDED. Its running
 * attempts are KILLED (their workers hear it in their next heartbeat reply and stop them), no more of its tasks are
 * handed out, late commits are refused, and map outputs it kept in the blob store are deleted. May be called any
 * number of times.
 */
@Service
public class JobCancellation {

  private static final Logger log = LoggerFactory.getLogger(JobCancellation.class);

  private final JobRepository jobs;
  private final JobEnding ending;
  private final Clock clock;

  JobCancellation(JobRepository jobs, JobEnding ending, Clock clock) {
    this.jobs = jobs;
    this.ending = ending;
    this.clock = clock;
  }

  @Transactional
  public void cancel(UUID jobId) {
    Job job = jobs.lockById(jobId).orElseThrow(() -> new NotFoundException("job " + jobId + " not found"));
    if (!job.status().isActive() && job.status() != JobStatus.CANCELLED) {
      throw new ConflictException("job " + jobId + " already " + job.status() + "; only PENDING or RUNNING "
          + "jobs can be cancelled");
    }
    Instant now = clock.instant();
    if (job.cancel(now)) {
      ending.cancelled(job, now);
      log.info("job {} cancelled", jobId);
    }
  }
}
