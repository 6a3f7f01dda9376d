package io.gristmill.grpc.auth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;

/**
 * Refuses every call that does not carry the shared internal credential with UNAUTHENTICATED, before the
 * service sees it. Health checking and reflection stay open: they reveal nothing and probes use them.
 */
public final class SharedSecretServerInterceptor implements ServerInterceptor {

  private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

  private final InternalCredential credential;

  public SharedSecretServerInterceptor(InternalCredential credential) {
    this.credential = credential;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String presented = headers.get(InternalCredential.KEY);
    if (presented == null) {
      return refuse(call, "missing internal credential: Gristmill services must send the "
          + InternalCredential.HEADER + " header (gristmill.internal-auth.token)");
    }
    if (!credential.matches(presented)) {
      return refuse(call, "the internal credential is not valid");
    }
    return next.startCall(call, headers);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String description) {
    call.close(Status.UNAUTHENTICATED.withDescription(description), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
