package io.gristmill.jobs.system;

/** The caller's request can never succeed as sent; the message says why, and is shown to the caller. */
public class InvalidRequestException extends RuntimeException {

  public InvalidRequestException(String message) {
    super(message);
  }
}
