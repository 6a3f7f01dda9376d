package io.gristmill.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TomcatConnectorConfigurationTest {

  @Test
  void connectorsReadUploadsSixtyFourKibibytesAtATimeByDefault() {
    Connector connector = new Connector();

    new TomcatConnectorConfiguration().uploadReadBuffer(properties(Map.of())).customize(connector);

    assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("65536");
  }

  @Test
  void theReadBufferFollowsTheSetting() {
    Connector connector = new Connector();

    new TomcatConnectorConfiguration()
        .uploadReadBuffer(properties(Map.of("gristmill.gateway.upload-read-buffer", "256KB"))).customize(connector);

    assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("262144");
  }

  private static GatewayProperties properties(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("gristmill.gateway", GatewayProperties.class);
  }
}
