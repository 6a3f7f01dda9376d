package io.gristmill.storage.system;

import io.gristmill.storage.StorageProperties;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * HTTP/2 flow-control windows of this node's gRPC server and of its channels to other nodes
 * ({@code gristmill.storage.transfer.flow-control-window}). Spring gRPC has no property for them.
 */
@Configuration(proxyBeanMethods = false)
class GrpcTransportConfiguration {

  @Bean
  ServerBuilderCustomizer<NettyServerBuilder> serverFlowControlWindow(StorageProperties properties) {
    return new ServerWindow(Math.toIntExact(properties.transfer().flowControlWindow().toBytes()));
  }

  @Bean
  GrpcChannelBuilderCustomizer<NettyChannelBuilder> channelFlowControlWindow(StorageProperties properties) {
    return new ChannelWindow(Math.toIntExact(properties.transfer().flowControlWindow().toBytes()));
  }

  /** A class, not a lambda, so that Spring sees the builder type it applies to. */
  private record ServerWindow(int bytes) implements ServerBuilderCustomizer<NettyServerBuilder> {
    @Override
    public void customize(NettyServerBuilder builder) {
      builder.flowControlWindow(bytes);
    }
  }

  private record ChannelWindow(int bytes) implements GrpcChannelBuilderCustomizer<NettyChannelBuilder> {
    @Override
    public void customize(String target, NettyChannelBuilder builder) {
      builder.flowControlWindow(bytes);
    }
  }
}
