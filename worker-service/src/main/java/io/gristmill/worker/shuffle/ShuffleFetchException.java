package io.gristmill.worker.shuffle;

import java.io.IOException;

/** A map output could not be fetched; the message names the map, the attempt and the address. */
public final class ShuffleFetchException extends IOException {

  ShuffleFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
