package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.CustomCode;
import io.gristmill.jobs.task.MapOutputLocation;
import io.gristmill.jobs.task.MapSplit;
import io.gristmill.jobs.task.TaskKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A task handed to a worker as a new attempt.
 *
 * @param attemptId the attempt the worker reports on
 * @param jobId the task's job
 * @param taskId the task
 * @param kind map or reduce
 * @param index split number of a map, partition number of a reduce
 * @param jobType built-in job type
 * @param params the job's parameters
 * @param reducers R, the job's number of partitions
 * @param split a map's input; empty for reduces
 * @param mapOutputs for a reduce, every map task's committed output in map order; empty for maps
 * @param custom the user code of a custom job; empty for built-in types
 */
record Assignment(UUID attemptId, UUID jobId, UUID taskId, TaskKind kind, int index, String jobType,
    Map<String, String> params, int reducers, Optional<MapSplit> split, List<MapOutputLocation> mapOutputs,
    Optional<CustomCode> custom) {}
