package io.gristmill.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@GatewayTest
class OpenApiDocumentTest {

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theOpenApiDocumentIsPublicParsesAndListsEveryEndpoint() throws Exception {
    GatewayClient client = new GatewayClient(port);
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/v3/api-docs")).GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    OpenAPI document = Json.mapper().readValue(response.body(), OpenAPI.class);
    assertThat(document.getOpenapi()).startsWith("3.");
    assertThat(document.getInfo().getTitle()).isEqualTo("Gristmill REST API");
    assertThat(document.getComponents().getSecuritySchemes()).containsKey("bearer");

    Set<String> documented = new TreeSet<>();
    document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      documented.add(method + " " + path);
      assertThat(operation.getResponses()).as(method + " " + path).isNotEmpty();
    }));
    Set<String> served = new TreeSet<>();
    mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
        .filter(p -> p.startsWith("/api/") || p.startsWith("/ui/"))
        .forEach(p -> info.getMethodsCondition().getMethods().forEach(m ->
            served.add(PathItem.HttpMethod.valueOf(m.name()) + " " + p))));
    assertThat(served).hasSizeGreaterThan(15);
    assertThat(documented).containsAll(served);
  }

  @Test
  void theBrowsableUiIsServedFromTheJar() throws Exception {
    GatewayClient client = new GatewayClient(port);
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/swagger-ui/index.html")).GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("swagger-ui");
  }
}
