package io.gristmill.jobs.system;

/** The service holds as many of this kind of request as it allows; the caller may try later (RESOURCE_EXHAUSTED). */
public final class CapacityExceededException extends RuntimeException {

  public CapacityExceededException(String message) {
    super(message);
  }
}
