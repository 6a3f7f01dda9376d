package io.gristmill.worker.mapoutput;

import java.io.IOException;

/** Map output bytes on disk do not match their checksum or their index. */
public final class CorruptMapOutputException extends RuntimeException {

  public CorruptMapOutputException(String message) {
    super(message, new IOException(message));
  }
}
