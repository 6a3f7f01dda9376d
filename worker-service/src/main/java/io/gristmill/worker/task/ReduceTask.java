package io.gristmill.worker.task;

import io.gristmill.worker.shuffle.MapOutputSource;
import java.util.List;
import java.util.Map;

/** Reduce one partition, fetched from every map task's output. */
public record ReduceTask(
    TaskIds ids, String jobType, Map<String, String> params, int partition, List<MapOutputSource> mapOutputs)
    implements Task {}
