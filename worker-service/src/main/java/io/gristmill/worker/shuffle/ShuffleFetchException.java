package io.gristmill.worker.shuffle;

import io.grpc.Status;
import java.io.IOException;
import java.util.Set;

/**
 * A map output could not be fetched; the message names the map, the attempt and the address. {@link #retryable}
 * says whether trying again may help (the holder was unreachable or overloaded) or not (the output is gone or
 * corrupt: only running the map again helps).
 */
public final class ShuffleFetchException extends IOException {

  /** Statuses after which the same output may well be served on a later try. */
  private static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.INTERNAL, Status.Code.UNKNOWN);

  private final boolean retryable;

  ShuffleFetchException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  static boolean transientStatus(Status status) {
    return TRANSIENT.contains(status.getCode());
  }

  public boolean retryable() {
    return retryable;
  }
}
