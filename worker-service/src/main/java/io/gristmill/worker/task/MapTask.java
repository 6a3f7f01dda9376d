package io.gristmill.worker.task;

import io.gristmill.worker.split.Split;
import java.util.Map;

/**
 * Map one split of a blob store file into {@code reducers} partitions.
 *
 * @param index split number
 */
public record MapTask(
    TaskIds ids, String jobType, Map<String, String> params, int index, int reducers, String fileId, Split split)
    implements Task {}
