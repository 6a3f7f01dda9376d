package io.gristmill.worker.task;

import io.gristmill.worker.job.CustomCode;
import io.gristmill.worker.shuffle.MapOutputSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reduce one partition, fetched from every map task's output. */
public record ReduceTask(TaskIds ids, String jobType, Map<String, String> params, Optional<CustomCode> custom,
    int partition, int reducers, List<MapOutputSource> mapOutputs) implements Task {}
