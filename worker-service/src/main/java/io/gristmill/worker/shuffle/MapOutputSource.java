package io.gristmill.worker.shuffle;

/**
 * Where a reducer finds one map task's output.
 *
 * @param mapIndex the map task's split number
 * @param attemptId the successful map attempt whose output to fetch
 * @param address host:port of the Shuffle service of the worker that ran it
 */
public record MapOutputSource(int mapIndex, String attemptId, String address) {}
