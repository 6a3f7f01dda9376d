package io.gristmill.worker.job;

import java.util.Map;

/**
 * The job-specific part of a task: how lines become map output records, and how each key's values become output.
 * One instance serves every task of its type; the functions it makes hold one task's state.
 */
public interface JobType {

  /** The {@code job_type} of task assignments this type runs. */
  String name();

  MapFunction newMapFunction(Map<String, String> params);

  ReduceFunction newReduceFunction(Map<String, String> params);
}
