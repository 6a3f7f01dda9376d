package io.gristmill.worker.job;

/** A task names a job type this worker cannot run. */
public final class UnknownJobTypeException extends RuntimeException {

  public UnknownJobTypeException(String name) {
    super("unknown job type '" + name + "'");
  }
}
