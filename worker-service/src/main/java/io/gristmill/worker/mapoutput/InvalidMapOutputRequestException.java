package io.gristmill.worker.mapoutput;

/** A request for map output that can never succeed as asked: a malformed attempt id or a partition out of range. */
public final class InvalidMapOutputRequestException extends RuntimeException {

  public InvalidMapOutputRequestException(String message) {
    super(message);
  }
}
