package io.gristmill.jobs.system;

import io.gristmill.storage.client.BlobStoreClient;
import io.grpc.ManagedChannel;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

  @Bean
  BlobStoreClient blobStoreClient(GrpcChannelFactory channels, JobsProperties properties) {
    // The factory owns the channels and shuts them down with the context.
    List<ManagedChannel> nodes = properties.storageAddresses().stream().map(channels::createChannel).toList();
    // Only metadata calls are made from here, so both deadlines are the service's RPC timeout.
    return new BlobStoreClient(nodes,
        new BlobStoreClient.Timeouts(properties.rpcTimeout(), properties.rpcTimeout()));
  }
}
