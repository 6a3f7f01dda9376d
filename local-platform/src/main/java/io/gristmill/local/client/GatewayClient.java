package io.gristmill.local.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The REST API as the command line uses it. Errors carry the gateway's problem-details text. */
public final class GatewayClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Longest wait for the next bytes of a download; a gateway that stalls this long has failed. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final String baseUrl;
  private final String token;

  public GatewayClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** Thrown for any answer other than the expected status; the message holds the problem detail. */
  public static final class ApiException extends IOException {
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** True when the gateway answers its readiness probe. */
  public boolean isReady() {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
          .timeout(Duration.ofSeconds(3)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Uploads a local file, streamed from disk; returns the file's metadata. */
  public JsonNode upload(Path file, String name) throws IOException, InterruptedException {
    return upload(file, name, 0);
  }

  /** Like {@link #upload(Path, String)} with a chunk size in bytes; 0 means the platform's default. */
  public JsonNode upload(Path file, String name, long chunkSize) throws IOException, InterruptedException {
    String query = "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
        + (chunkSize > 0 ? "&chunkSize=" + chunkSize : "");
    HttpRequest request = authorized("/api/v1/files" + query)
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofFile(file))
        .build();
    return expectJson(request, 201);
  }

  /** Submits a job; returns it as the gateway answered (status PENDING). */
  public JsonNode submit(String type, List<String> inputs, int reducers) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", type);
    inputs.forEach(body.putArray("inputs")::add);
    body.put("reducers", reducers);
    HttpRequest request = authorized("/api/v1/jobs")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    return expectJson(request, 202);
  }

  public JsonNode job(String id) throws IOException, InterruptedException {
    return expectJson(authorized("/api/v1/jobs/" + id).GET().build(), 200);
  }

  /** The job once it has ended, or as it is after {@code waitSeconds} (the gateway holds the request meanwhile). */
  public JsonNode awaitEnd(String id, int waitSeconds) throws IOException, InterruptedException {
    return expectJson(authorized("/api/v1/jobs/" + id + "?waitSeconds=" + waitSeconds)
        .timeout(Duration.ofSeconds(waitSeconds).plus(READ_TIMEOUT)).GET().build(), 200);
  }

  /** Every worker the job service knows ({@code GET /api/v1/workers}), with its pid, state and running attempts. */
  public List<JsonNode> workers() throws IOException, InterruptedException {
    List<JsonNode> workers = new java.util.ArrayList<>();
    expectJson(authorized("/api/v1/workers").GET().build(), 200).path("workers").forEach(workers::add);
    return workers;
  }

  /** The job's output as a stream of {@code word<TAB>count} lines; the caller closes it. */
  public InputStream output(String id) throws IOException, InterruptedException {
    return stream("/api/v1/jobs/" + id + "/output");
  }

  /** A stored file's bytes; the caller closes the stream. */
  public InputStream content(String fileId) throws IOException, InterruptedException {
    return stream("/api/v1/files/" + fileId + "/content");
  }

  /**
   * A download through {@code HttpURLConnection}, which reads the socket straight into the caller's buffer. The
   * JDK's {@link HttpClient} hands a body over in 16 KiB pieces through a queue: measured on loopback, it capped a
   * download at 180-560 MiB/s from a server that sent 1.3-2.7 GiB/s to curl.
   */
  private InputStream stream(String path) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
    connection.setRequestProperty("Authorization", "Bearer " + token);
    connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
    connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
    int status = connection.getResponseCode();
    if (status != 200) {
      InputStream error = connection.getErrorStream();
      String body = "";
      if (error != null) {
        try (InputStream in = error) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      connection.disconnect();
      throw problem(status, body);
    }
    return connection.getInputStream();
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
  }

  private JsonNode expectJson(HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != expected) {
      throw problem(response.statusCode(), response.body());
    }
    return JSON.readTree(response.body());
  }

  private static ApiException problem(int status, String body) {
    String detail = body;
    try {
      JsonNode node = JSON.readTree(body);
      if (node.hasNonNull("detail")) {
        detail = node.get("detail").asText();
      }
    } catch (RuntimeException e) {
      // Not JSON: show the body as it is.
    }
    return new ApiException(status, "HTTP " + status + ": " + detail);
  }
}
