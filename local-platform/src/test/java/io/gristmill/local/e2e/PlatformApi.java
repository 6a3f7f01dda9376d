package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.local.platform.LocalPlatform;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API of a test's platform: uploads, submissions, polling, tasks, workers and outputs, asserted. */
final class PlatformApi {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  PlatformApi(LocalPlatform platform) throws Exception {
    this.base = platform.gatewayUrl();
    this.token = Files.readString(platform.tokenFile()).trim();
  }

  /** Uploads {@code content} as a file named {@code name}; returns its id. */
  String upload(String name, byte[] content) throws Exception {
    return created("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), content);
  }

  /** Uploads a job jar; returns its artifact id. */
  String uploadArtifact(String name, byte[] jar) throws Exception {
    return created("/api/v1/artifacts?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), jar);
  }

  private String created(String path, byte[] content) throws Exception {
    HttpResponse<String> response = http.send(authorized(path).POST(HttpRequest.BodyPublishers.ofByteArray(content))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).path("id").asText();
  }

  /** Submits a job; the raw answer, so that callers can check its status code. */
  HttpResponse<String> submitRaw(Map<String, Object> body, String idempotencyKey) throws Exception {
    HttpRequest.Builder request = authorized("/api/v1/jobs").header("Content-Type", "application/json");
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(request.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Submits a job and returns its id. */
  String submit(Map<String, Object> body) throws Exception {
    HttpResponse<String> response = submitRaw(body, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body()).path("id").asText();
  }

  JsonNode job(String id) throws Exception {
    return get("/api/v1/jobs/" + id);
  }

  /**
   * Waits for the job to reach a final status, at most {@code limit}, through the gateway's waiting GET (held
   * until the job ends, 10 s at a time); answers other than 200 (the job service restarting behind the gateway)
   * are asked again.
   */
  JsonNode awaitFinished(String id, Duration limit) {
    return await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(() -> get("/api/v1/jobs/" + id + "?waitSeconds=10"), j -> FINAL.contains(j.path("status").asText()));
  }

  JsonNode cancel(String id) throws Exception {
    HttpResponse<String> response = http.send(authorized("/api/v1/jobs/" + id + "/cancel")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Every task of the job, maps first. */
  List<JsonNode> tasks(String jobId) throws Exception {
    List<JsonNode> tasks = new ArrayList<>();
    get("/api/v1/jobs/" + jobId + "/tasks").path("tasks").forEach(tasks::add);
    return tasks;
  }

  /** Every attempt of the job's tasks of {@code kind} (MAP or REDUCE). */
  List<JsonNode> attempts(String jobId, String kind) throws Exception {
    List<JsonNode> attempts = new ArrayList<>();
    for (JsonNode task : tasks(jobId)) {
      if (task.path("kind").asText().equals(kind)) {
        task.path("attempts").forEach(attempts::add);
      }
    }
    return attempts;
  }

  List<JsonNode> workers() throws Exception {
    List<JsonNode> workers = new ArrayList<>();
    get("/api/v1/workers").path("workers").forEach(workers::add);
    return workers;
  }

  /** The merged output of a SUCCEEDED job. */
  String output(String jobId) throws Exception {
    return new String(bytes("/api/v1/jobs/" + jobId + "/output"), StandardCharsets.UTF_8);
  }

  byte[] content(String fileId) throws Exception {
    return bytes("/api/v1/files/" + fileId + "/content");
  }

  /** Names of every stored file the admin sees. */
  List<String> fileNames() throws Exception {
    List<String> names = new ArrayList<>();
    get("/api/v1/files?size=1000").path("files").forEach(f -> names.add(f.path("name").asText()));
    return names;
  }

  private byte[] bytes(String path) throws Exception {
    HttpResponse<byte[]> response = http.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return response.body();
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> response = http.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
  }
}
