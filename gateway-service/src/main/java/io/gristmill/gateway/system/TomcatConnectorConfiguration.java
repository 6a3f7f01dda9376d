package io.gristmill.gateway.system;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's read buffer per connection ({@code gristmill.gateway.upload-read-buffer}). Tomcat reads a request body
 * from its connection 8 KiB at a time by default: 131,072 reads for a 1 GiB upload, which the profile of an upload
 * showed as about a third of the gateway's CPU (each read a system call and two copies through small buffers).
 * Spring Boot has no property for it.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConnectorConfiguration {

  @Bean
  TomcatConnectorCustomizer uploadReadBuffer(GatewayProperties properties) {
    String bytes = Long.toString(properties.uploadReadBuffer().toBytes());
    return connector -> connector.setProperty("socket.appReadBufSize", bytes);
  }
}
