package io.gristmill.gateway;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The services behind the gateway, as in-process gRPC servers named like the targets in {@link GatewayTest}. */
@TestConfiguration(proxyBeanMethods = false)
class FakeServices {

  @Bean
  @Primary
  MutableClock testClock() {
    return new MutableClock();
  }

  @Bean
  FakeJobService fakeJobService() {
    return new FakeJobService();
  }

  @Bean
  FakeBlobStore fakeBlobStore() {
    return new FakeBlobStore();
  }

  @Bean(destroyMethod = "shutdownNow")
  Server fakeJobServer(FakeJobService jobs) throws IOException {
    return InProcessServerBuilder.forName("gateway-test-jobs").addService(jobs).build().start();
  }

  @Bean(destroyMethod = "shutdownNow")
  Server fakeStorageServer(FakeBlobStore storage) throws IOException {
    return InProcessServerBuilder.forName("gateway-test-storage").addService(storage).build().start();
  }
}
