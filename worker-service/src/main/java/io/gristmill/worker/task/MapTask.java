package io.gristmill.worker.task;

import io.gristmill.worker.job.CustomCode;
import io.gristmill.worker.split.Split;
import java.util.Map;
import java.util.Optional;

/**
 * Map one split of a blob store file into {@code reducers} partitions.
 *
 * @param index split number
 * @param fileName the name the input file was uploaded with, which mappers see
 * @param intermediateInStorage whether the output goes to the blob store instead of staying on this worker's disk
 */
public record MapTask(TaskIds ids, String jobType, Map<String, String> params, Optional<CustomCode> custom,
    int index, int reducers, String fileId, String fileName, Split split, boolean intermediateInStorage)
    implements Task {}
