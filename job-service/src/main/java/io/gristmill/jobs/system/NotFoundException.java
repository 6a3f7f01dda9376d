package io.gristmill.jobs.system;

/** The caller named something that does not exist; the message says what, and is shown to the caller. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
