package io.gristmill.worker.shuffle;

/**
 * A map output a reducer could not fetch, even after its retries.
 *
 * @param mapIndex the map task's split number
 * @param mapAttemptId the map attempt whose output could not be read
 * @param error one line: why
 */
public record LostMapOutput(int mapIndex, String mapAttemptId, String error) {}
