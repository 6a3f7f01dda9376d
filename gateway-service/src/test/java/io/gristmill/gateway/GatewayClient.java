package io.gristmill.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the gateway's port, authenticated as admin unless asked otherwise. */
public final class GatewayClient {

  public static final String TOKEN = "test-admin-token";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI base;
  private final String token;
  private final JsonMapper json = JsonMapper.builder().build();

  public GatewayClient(int port) {
    this(URI.create("http://localhost:" + port), TOKEN);
  }

  private GatewayClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same gateway, authenticated with {@code otherToken}. */
  public GatewayClient as(String otherToken) {
    return new GatewayClient(base, otherToken);
  }

  /**
   * Makes a token through the admin endpoint and returns its secret; names are made unique, since tokens
   * outlive a test in the shared database.
   */
  public String newToken(String principal, String role) throws IOException, InterruptedException {
    HttpResponse<String> created = postJson("/api/v1/tokens", json.writeValueAsString(Map.of(
        "name", principal + "-" + UUID.randomUUID(), "principal", principal, "role", role)));
    if (created.statusCode() != 201) {
      throw new AssertionError("token not created: " + created.body());
    }
    return json.readTree(created.body()).get("token").asString();
  }

  public HttpClient http() {
    return http;
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  public HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> sendForBytes(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  public JsonNode json(String text) {
    return json.readTree(text);
  }
}
