package io.gristmill.grpc.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Adds the shared internal credential to every outgoing call. */
public final class SharedSecretClientInterceptor implements ClientInterceptor {

  private final InternalCredential credential;

  public SharedSecretClientInterceptor(InternalCredential credential) {
    this.credential = credential;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(InternalCredential.KEY, credential.secret());
        super.start(listener, headers);
      }
    };
  }
}
