package io.gristmill.worker.dispatch;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * After a call to the job service fails with UNAVAILABLE, lets the next one connect at once. Without it the
 * channel's own reconnect backoff (up to two minutes after a long outage) would keep failing calls fast for a while
 * after a restarted job service is back, and leases would expire meanwhile; the worker's retry loops already pace
 * the calls with their own jittered backoff.
 */
final class ReconnectPromptly implements ClientInterceptor {

  private final ManagedChannel channel;

  ReconnectPromptly(ManagedChannel channel) {
    this.channel = channel;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            if (status.getCode() == Status.Code.UNAVAILABLE) {
              channel.resetConnectBackoff();
            }
            super.onClose(status, trailers);
          }
        }, headers);
      }
    };
  }
}
