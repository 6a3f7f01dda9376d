package io.gristmill.mapreduce;

/** What a task's code may ask of the platform, in the mapper, the combiner and the reducer alike. */
public interface TaskContext {

  /** The job's parameters. */
  JobParameters parameters();

  /** A user counter, reported as {@code user.<name>}. */
  Counter counter(String name);

  /** R, the number of reduce tasks of the job. */
  int reducers();
}
