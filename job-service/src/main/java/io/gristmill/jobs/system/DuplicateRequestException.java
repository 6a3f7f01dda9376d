package io.gristmill.jobs.system;

/** A request id was used before for a different request (ALREADY_EXISTS). */
public final class DuplicateRequestException extends RuntimeException {

  public DuplicateRequestException(String message) {
    super(message);
  }
}
