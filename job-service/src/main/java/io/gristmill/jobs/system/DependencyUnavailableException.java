package io.gristmill.jobs.system;

/** A service this one depends on did not answer; the same request may succeed later. */
public class DependencyUnavailableException extends RuntimeException {

  public DependencyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
