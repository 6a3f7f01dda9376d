package io.gristmill.storage;

import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.storage.WriteSabotage.Mode;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GlobalClientInterceptor;

/**
 * {@link WriteSabotage} seen from the writer: one WriteChunk call this node makes, whichever node it goes to, fails
 * as if that node had stopped in the middle of the chunk, or had sealed its replica and then gone silent (the
 * writer sees UNAVAILABLE either way). For a writer whose pipelines start at another node, where placement
 * decides which one. Not a {@code @Configuration}, so that only the nodes a test starts with it as a source have it.
 */
public class OutgoingWriteSabotage {

  private static final Status DOWN = Status.UNAVAILABLE.withDescription("sabotaged node stopped");

  private volatile Mode mode;
  private volatile String target;
  private final AtomicInteger callsToSkip = new AtomicInteger();

  /** Sabotages the WriteChunk call that comes after {@code skip} more calls. */
  public void arm(Mode mode, int skip) {
    target = null;
    callsToSkip.set(skip);
    this.mode = mode;
  }

  /** The address (host:port) of the node whose call was sabotaged last, or null. */
  public String target() {
    return target;
  }

  @Bean
  @GlobalClientInterceptor
  ClientInterceptor outgoingWriteSabotageInterceptor() {
    return new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        Mode armed = mode;
        if (armed == null || !method.getFullMethodName().equals(ChunkTransferGrpc.getWriteChunkMethod()
            .getFullMethodName()) || callsToSkip.getAndDecrement() > 0) {
          return next.newCall(method, options);
        }
        mode = null;
        target = next.authority();
        return armed == Mode.SILENT_AFTER_SEAL ? silentAfterSeal(next.newCall(method, options))
            : failingMidChunk(next.newCall(method, options));
      }
    };
  }

  /** The node receives everything and answers, but its answer never arrives. */
  private static <Q, A> ClientCall<Q, A> silentAfterSeal(ClientCall<Q, A> call) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<A> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onMessage(A message) {}

          @Override
          public void onClose(Status status, Metadata trailers) {
            super.onClose(DOWN, new Metadata());
          }
        }, headers);
      }
    };
  }

  /** The call is cancelled at the third message (the node removes its partial replica) and fails as UNAVAILABLE. */
  private static <Q, A> ClientCall<Q, A> failingMidChunk(ClientCall<Q, A> call) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      private int messages;
      private volatile boolean stopped;

      @Override
      public void start(Listener<A> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            super.onClose(stopped ? DOWN : status, stopped ? new Metadata() : trailers);
          }
        }, headers);
      }

      @Override
      public void sendMessage(Q message) {
        if (stopped) {
          return;
        }
        if (++messages == 3) {
          stopped = true;
          delegate().cancel("sabotaged node stopped", null);
          return;
        }
        super.sendMessage(message);
      }

      @Override
      public void halfClose() {
        if (!stopped) {
          super.halfClose();
        }
      }

      @Override
      public void cancel(String message, Throwable cause) {
        if (!stopped) {
          super.cancel(message, cause);
        }
      }
    };
  }
}
