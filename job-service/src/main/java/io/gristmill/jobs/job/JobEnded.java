package io.gristmill.jobs.job;

import java.util.UUID;

/**
 * Published inside the transaction that ends a job (SUCCEEDED, FAILED or CANCELLED); listeners act after the
 * commit, when readers see the end.
 */
public record JobEnded(UUID jobId) {}
