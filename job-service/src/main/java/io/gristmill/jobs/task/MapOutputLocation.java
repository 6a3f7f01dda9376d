package io.gristmill.jobs.task;

import java.util.UUID;

/**
 * Where a reducer fetches one map task's output.
 *
 * @param mapIndex index of the map task
 * @param attemptId the map attempt whose output was committed
 * @param shuffleAddress host:port of the shuffle service of the worker that ran that attempt
 */
public record MapOutputLocation(int mapIndex, UUID attemptId, String shuffleAddress) {}
