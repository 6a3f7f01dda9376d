package io.gristmill.worker.task;

import io.gristmill.worker.job.CustomCode;
import java.util.Map;
import java.util.Optional;

/** A task assignment as the worker's engine sees it, free of wire types. */
public sealed interface Task permits MapTask, ReduceTask {

  TaskIds ids();

  String jobType();

  Map<String, String> params();

  /** The user code of a custom job; empty for built-in types. */
  Optional<CustomCode> custom();

  /** R, the number of reduce partitions. */
  int reducers();
}
