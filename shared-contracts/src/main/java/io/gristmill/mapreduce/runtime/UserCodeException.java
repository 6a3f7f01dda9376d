package io.gristmill.mapreduce.runtime;

/** A job's own code threw; the message names the class and the record it was working on. */
public final class UserCodeException extends RuntimeException {

  public UserCodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
