package io.gristmill.storage;

import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * A hand-written fault for a storage node's WriteChunk calls, armed for one call: the node either stops answering
 * in the middle of the chunk (its hop is cancelled, as when the process dies) or writes and seals its replica and
 * then goes silent before it can confirm it (the writer sees UNAVAILABLE either way). Not a {@code @Configuration},
 * so that only the nodes a test starts with it as a source have it.
 */
public class WriteSabotage {

  public enum Mode { FAIL_MID_CHUNK, SILENT_AFTER_SEAL }

  private volatile Mode mode;
  private final AtomicInteger callsToSkip = new AtomicInteger();
  private final AtomicInteger sabotaged = new AtomicInteger();

  /** Sabotages the WriteChunk call that comes after {@code skip} more calls. */
  public void arm(Mode mode, int skip) {
    callsToSkip.set(skip);
    this.mode = mode;
  }

  /** Calls sabotaged so far. */
  public int sabotaged() {
    return sabotaged.get();
  }

  @Bean
  @GlobalServerInterceptor
  ServerInterceptor writeSabotageInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        Mode armed = mode;
        if (armed == null || !call.getMethodDescriptor().getFullMethodName()
            .equals(ChunkTransferGrpc.getWriteChunkMethod().getFullMethodName())
            || callsToSkip.getAndDecrement() > 0) {
          return next.startCall(call, headers);
        }
        mode = null;
        sabotaged.incrementAndGet();
        Status down = Status.UNAVAILABLE.withDescription("sabotaged node stopped");
        if (armed == Mode.SILENT_AFTER_SEAL) {
          return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(A message) {}

            @Override
            public void close(Status status, Metadata trailers) {
              super.close(down, new Metadata());
            }
          }, headers);
        }
        ServerCall.Listener<Q> hop = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(hop) {
          private int messages;
          private boolean stopped;

          @Override
          public void onMessage(Q message) {
            if (stopped) {
              return;
            }
            if (++messages == 3) {
              stopped = true;
              hop.onCancel();
              call.close(down, new Metadata());
              return;
            }
            super.onMessage(message);
          }

          @Override
          public void onHalfClose() {
            if (!stopped) {
              super.onHalfClose();
            }
          }

          @Override
          public void onCancel() {
            if (!stopped) {
              super.onCancel();
            }
          }

          @Override
          public void onComplete() {
            if (!stopped) {
              super.onComplete();
            }
          }
        };
      }
    };
  }
}
