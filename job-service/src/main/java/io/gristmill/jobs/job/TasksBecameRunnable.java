package io.gristmill.jobs.job;

import java.util.UUID;

/**
 * Published inside a transaction that made tasks of a job claimable (a submission, a requeued task, the last map
 * of a job committing). Listeners act after the commit, when the tasks are visible.
 *
 * @param jobId the job whose tasks became runnable
 */
public record TasksBecameRunnable(UUID jobId) {}
