package io.gristmill.gateway.system;

import io.grpc.ManagedChannel;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.client.ShortCircuitReads;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Channels to the other Gristmill services. The factory owns the channels and shuts them down with the
 * context; deadlines are set at each call site.
 */
@Configuration(proxyBeanMethods = false)
class GrpcClientsConfiguration {

  @Bean
  JobServiceGrpc.JobServiceBlockingStub jobService(GrpcChannelFactory channels, GatewayProperties properties) {
    return JobServiceGrpc.newBlockingStub(channels.createChannel(properties.jobServiceAddress()));
  }

  @Bean
  BlobStoreClient blobStoreClient(GrpcChannelFactory channels, GatewayProperties properties) {
    List<ManagedChannel> nodes = properties.storageAddresses().stream().map(channels::createChannel).toList();
    return new BlobStoreClient(nodes,
        new BlobStoreClient.Timeouts(properties.rpcTimeout(), properties.transferTimeout()));
  }

  /** Downloads: from this host's replicas when a storage node shares the disk, else through the nodes. */
  @Bean
  ShortCircuitReads shortCircuitReads(BlobStoreClient blobStore, GatewayProperties properties) {
    return new ShortCircuitReads(blobStore, properties.shortCircuitReads());
  }
}
