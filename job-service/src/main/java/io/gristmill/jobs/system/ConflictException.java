package io.gristmill.jobs.system;

/** The request is well-formed but the resource is in a state that forbids it (FAILED_PRECONDITION). */
public final class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
