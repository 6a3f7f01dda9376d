package io.gristmill.worker.job;

import io.gristmill.mapreduce.runtime.JobRuntime;

/** A job's runtime for one task, holding whatever it was loaded from (a jar's class loader) until closed. */
public record LoadedJob(JobRuntime runtime, AutoCloseable hold) implements AutoCloseable {

  @Override
  public void close() throws Exception {
    hold.close();
  }
}
