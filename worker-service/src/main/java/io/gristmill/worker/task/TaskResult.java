package io.gristmill.worker.task;

import java.util.Map;

/**
 * What a finished attempt reports.
 *
 * @param outputFileId the blob store file a reduce wrote; empty for maps
 * @param intermediateFileId the blob store file a map wrote its output to when the job keeps intermediate data in
 *     storage; empty otherwise
 * @param counters task counters such as {@code map.input.records}
 */
public record TaskResult(String outputFileId, String intermediateFileId, Map<String, Long> counters) {}
