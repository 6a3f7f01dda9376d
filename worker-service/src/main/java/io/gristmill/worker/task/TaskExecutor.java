package io.gristmill.worker.task;

import java.io.IOException;

/** Runs a task of either kind. */
public final class TaskExecutor {

  private final MapTaskRunner maps;
  private final ReduceTaskRunner reduces;

  public TaskExecutor(MapTaskRunner maps, ReduceTaskRunner reduces) {
    this.maps = maps;
    this.reduces = reduces;
  }

  public TaskResult run(Task task) throws Exception {
    if (task instanceof MapTask map) {
      return maps.run(map);
    }
    return reduces.run((ReduceTask) task);
  }
}
