package io.gristmill.mapreduce;

/**
 * A class a job names cannot serve its role: not found, not implementing the interface, not instantiable, or its
 * constructor threw. The message names the role and the class.
 */
public final class JobClassException extends RuntimeException {

  public JobClassException(String message, Throwable cause) {
    super(message, cause);
  }
}
