package io.gristmill.worker.task;

import java.util.Map;

/**
 * What a finished attempt reports.
 *
 * @param outputFileId the blob store file a reduce wrote; empty for maps
 * @param counters task counters such as {@code map.input.records}
 */
public record TaskResult(String outputFileId, Map<String, Long> counters) {}
