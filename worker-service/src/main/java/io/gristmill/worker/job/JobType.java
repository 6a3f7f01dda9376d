package io.gristmill.worker.job;

import io.gristmill.mapreduce.runtime.JobRuntime;

/** A built-in job type: its name in task assignments and how its tasks run. One instance serves every task. */
public interface JobType {

  /** The {@code job_type} of task assignments this type runs. */
  String name();

  JobRuntime runtime();
}
