package io.gristmill.grpc.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Service-to-service authentication by a shared secret, for every gRPC server and every channel made by Spring's
 * channel factory. Each service imports it ({@code @Import(InternalAuthConfiguration.class)}); the setting is
 * platform-wide, so it has its own prefix rather than one per service. With no token configured both
 * interceptors let everything through and a warning says so: use it (or mutual TLS through an SSL bundle)
 * wherever the network is shared.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InternalAuthConfiguration.InternalAuthProperties.class)
public class InternalAuthConfiguration {

  private static final System.Logger log = System.getLogger(InternalAuthConfiguration.class.getName());

  /**
   * Settings under {@code gristmill.internal-auth} (environment: {@code GRISTMILL_INTERNAL_AUTH_TOKEN}).
   *
   * @param token the secret every service sends and expects, at least 16 printable ASCII characters; unset turns
   *     the check off
   */
  @ConfigurationProperties("gristmill.internal-auth")
  public record InternalAuthProperties(String token) {}

  @Bean
  @GlobalServerInterceptor
  ServerInterceptor internalAuthServerInterceptor(InternalAuthProperties properties) {
    Optional<InternalCredential> credential = InternalCredential.of(properties.token());
    if (credential.isEmpty()) {
      log.log(System.Logger.Level.WARNING,
          "gristmill.internal-auth.token is not set: gRPC calls between services are not authenticated");
      return new Open();
    }
    return new SharedSecretServerInterceptor(credential.get());
  }

  @Bean
  @GlobalClientInterceptor
  ClientInterceptor internalAuthClientInterceptor(InternalAuthProperties properties) {
    return InternalCredential.of(properties.token())
        .<ClientInterceptor>map(SharedSecretClientInterceptor::new)
        .orElse(new Open());
  }

  /** Authentication off: both directions pass unchanged. */
  private static final class Open implements ServerInterceptor, ClientInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      return next.startCall(call, headers);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return next.newCall(method, options);
    }
  }
}
