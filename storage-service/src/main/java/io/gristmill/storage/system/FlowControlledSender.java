package io.gristmill.storage.system;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a server stream from a worker thread at the pace the client takes it: {@link #send} blocks while the
 * transport's buffer is full, so a slow reader never makes the server queue more than {@link #QUEUED_BYTES}, and
 * it fails as soon as the client cancels so that the worker stops reading. Must be created inside the service
 * method, before it returns (gRPC only accepts the handlers there).
 */
public final class FlowControlledSender<T> {

  /**
   * Bytes the transport may hold queued before {@link #send} waits: two of the 1 MiB messages reads send, so the
   * next piece is read from disk and checked while the previous ones are on the wire, instead of gRPC's default
   * of 32 KiB, which made every 1 MiB message wait until the one before had left. Still bounded per stream.
   */
  static final int QUEUED_BYTES = 2 << 20;

  /** Re-checks readiness now and then in case a wake-up was missed; the handlers normally wake us at once. */
  private static final long RECHECK_MILLIS = 500;

  private final ServerCallStreamObserver<T> responses;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean cancelled;

  public FlowControlledSender(ServerCallStreamObserver<T> responses) {
    this.responses = responses;
    responses.setOnReadyThreshold(QUEUED_BYTES);
    responses.setOnReadyHandler(this::wake);
    responses.setOnCancelHandler(() -> {
      cancelled = true;
      wake();
    });
  }

  /** Sends one message once the transport can take it; throws CANCELLED if the client went away. */
  public void send(T message) throws InterruptedException {
    lock.lock();
    try {
      while (!cancelled && !responses.isReady()) {
        changed.await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
    checkNotCancelled();
    responses.onNext(message);
  }

  /** Throws CANCELLED if the client has cancelled the call (or its deadline passed). */
  public void checkNotCancelled() {
    if (cancelled) {
      throw Status.CANCELLED.withDescription("the client cancelled the call").asRuntimeException();
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  public void complete() {
    if (!cancelled) {
      responses.onCompleted();
    }
  }

  public void fail(Throwable failure) {
    if (!cancelled) {
      responses.onError(GrpcStatuses.toStatus(failure));
    }
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
