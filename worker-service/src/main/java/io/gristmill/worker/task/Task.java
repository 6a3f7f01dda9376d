package io.gristmill.worker.task;

import java.util.Map;

/** A task assignment as the worker's engine sees it, free of wire types. */
public sealed interface Task permits MapTask, ReduceTask {

  TaskIds ids();

  String jobType();

  Map<String, String> params();
}
