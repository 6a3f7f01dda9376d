package io.gristmill.worker;

import io.gristmill.grpc.auth.InternalAuthConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
// Service-to-service authentication (gristmill.internal-auth.token) on every gRPC server and channel.
@Import(InternalAuthConfiguration.class)
public class WorkerServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(WorkerServiceApplication.class, args);
  }
}
