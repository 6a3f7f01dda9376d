package io.gristmill.jobs.job;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Published inside a transaction that made tasks of a job claimable (a submission, a requeued task, the last map
 * of a job committing). Listeners act after the commit, when the tasks are visible.
 *
 * @param jobId the job whose tasks became runnable
 * @param at when they become runnable, if later than now (a retry's backoff); empty for at once
 */
public record TasksBecameRunnable(UUID jobId, Optional<Instant> at) {

  public TasksBecameRunnable(UUID jobId) {
    this(jobId, Optional.empty());
  }
}
