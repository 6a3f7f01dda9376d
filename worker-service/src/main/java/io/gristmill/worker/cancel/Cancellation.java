package io.gristmill.worker.cancel;

import java.io.InterruptedIOException;

/**
 * Where long task loops notice that their attempt was cancelled. The worker cancels an attempt by interrupting
 * its thread; blocking gRPC calls and interruptible file channels already give up on that, and loops that only
 * compute (the map record loop, spills and merges, the reduce loop) call {@link #checkpoint} often enough to stop
 * within a fraction of a second. The interrupt flag is left set, so whatever runs next stops too.
 */
public final class Cancellation {

  private Cancellation() {}

  /** Throws when the current thread was interrupted; cheap enough to call once per record. */
  public static void checkpoint() throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("the attempt was cancelled");
    }
  }
}
