package io.gristmill.jobs.task;

import java.util.UUID;

/**
 * Where a reducer fetches one map task's output.
 *
 * @param mapIndex index of the map task
 * @param attemptId the map attempt whose output was committed
 * @param shuffleAddress host:port of the shuffle service of the worker that ran that attempt
 * @param intermediateFileId the blob store file holding the output when the job keeps intermediate data in
 *     storage; null when it lies on the worker's disk
 */
public record MapOutputLocation(int mapIndex, UUID attemptId, String shuffleAddress, String intermediateFileId) {}
