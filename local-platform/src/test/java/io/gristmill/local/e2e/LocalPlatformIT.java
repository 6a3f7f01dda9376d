package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.ListWorkersRequest;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.ManagedProcess;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.ProcessSpec;
import io.gristmill.local.platform.Role;
import io.gristmill.local.platform.ServiceJars;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform as a user meets it: every service a separate OS process started by the launcher, a real
 * PostgreSQL, real gRPC between them, and the REST API in front. One platform serves the whole suite.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPlatformIT {

  private static final int CHUNK = 64 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static LocalPlatform platform;
  private static String base;
  private static String token;

  @BeforeAll
  static void startPlatform() throws IOException {
    Path stateDir = Files.createTempDirectory(Path.of("target"), "e2e-state-");
    PlatformOptions options = new PlatformOptions(3, 2, 2, CHUNK, 0, stateDir);
    platform = LocalPlatform.start(options, ServiceJars.fromEnvironment(), System.out);
    base = platform.gatewayUrl();
    token = Files.readString(platform.tokenFile()).trim();
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void runsEveryServiceAsItsOwnProcessListedInClusterJson() throws Exception {
    JsonNode cluster = JSON.readTree(Files.readString(platform.stateDir().clusterFile()));
    assertThat(cluster.path("state").asText()).isEqualTo("ready");
    List<JsonNode> processes = StreamSupport.stream(cluster.path("processes").spliterator(), false).toList();
    assertThat(processes).extracting(p -> p.path("role").asText()).containsExactlyInAnyOrder(
        "database", "storage", "storage", "storage", "job-service", "worker", "worker", "gateway");
    Set<Long> pids = new HashSet<>();
    for (JsonNode p : processes) {
      long pid = p.path("pid").asLong();
      assertThat(ProcessHandle.of(pid)).as(p.path("name").asText() + " pid " + pid).isPresent();
      pids.add(pid);
    }
    assertThat(pids).hasSize(processes.size()).doesNotContain(ProcessHandle.current().pid());
    for (JsonNode p : processes) {
      if (p.path("role").asText().equals("storage")) {
        assertThat(Path.of(p.path("dataDir").asText())).isDirectory();
      }
    }
  }

  @Test
  @Order(2)
  void refusesTheApiWithoutTheToken() throws Exception {
    HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/x")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/x"))
        .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
  }

  @Test
  @Order(3)
  void filesComeBackByteForByteWithTheirDigest() throws Exception {
    byte[] content = new byte[CHUNK * 2 + 1];
    new java.util.Random(7).nextBytes(content);
    JsonNode file = upload("random.bin", content);
    assertThat(file.path("size").asLong()).isEqualTo(content.length);
    assertThat(file.path("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    assertThat(file.path("chunks")).hasSize(3);

    HttpResponse<byte[]> back = HTTP.send(authorized("/api/v1/files/" + file.path("id").asText() + "/content")
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).isEqualTo(content);
  }

  @Test
  @Order(4)
  void wordCountOverSeveralProcessesEqualsAnIndependentReference() throws Exception {
    Map<String, byte[]> corpus = TestCorpus.files(CHUNK, 20261121L);
    byte[] prose = corpus.get("prose.txt");
    assertThat(Character.isLetter(prose[CHUNK - 1]) && Character.isLetter(prose[CHUNK]))
        .as("the test data puts a word across the first chunk edge").isTrue();
    List<String> inputs = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : corpus.entrySet()) {
      inputs.add(upload(f.getKey(), f.getValue()).path("id").asText());
    }

    String body = JSON.writeValueAsString(Map.of("type", "wordcount", "inputs", inputs, "reducers", 3));
    HttpResponse<String> submitted = HTTP.send(authorized("/api/v1/jobs")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String jobId = JSON.readTree(submitted.body()).path("id").asText();
    assertThat(submitted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + jobId);

    JsonNode job = awaitFinished(jobId);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    // prose: 4 chunks, one-chunk: 1, long line: 3, invalid: 1, empty: 0.
    assertThat(job.path("progress").path("map").path("total").asInt()).isEqualTo(9);
    assertThat(job.path("progress").path("map").path("succeeded").asInt()).isEqualTo(9);
    assertThat(job.path("progress").path("reduce").path("succeeded").asInt()).isEqualTo(3);
    assertThat(job.path("outputs")).hasSize(3);
    assertThat(job.path("finishedAt").asText()).isNotEmpty();

    HttpResponse<byte[]> output = HTTP.send(authorized("/api/v1/jobs/" + jobId + "/output").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(output.statusCode()).isEqualTo(200);
    assertThat(output.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/plain"));
    byte[] expected = ReferenceWordCount.of(corpus.values());
    assertThat(new String(output.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(output.body()).isEqualTo(expected);
  }

  @Test
  @Order(5)
  void restartsAProcessThatIsKilledAndKeepsClusterJsonCurrent() throws Exception {
    ManagedProcess worker = platform.processes().stream().filter(p -> p.spec().role() == Role.WORKER)
        .findFirst().orElseThrow();
    long oldPid = worker.pid();
    worker.process().destroyForcibly(); // SIGKILL

    await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
      assertThat(worker.pid()).isNotEqualTo(oldPid);
      assertThat(worker.isAlive()).isTrue();
      JsonNode cluster = JSON.readTree(Files.readString(platform.stateDir().clusterFile()));
      JsonNode entry = StreamSupport.stream(cluster.path("processes").spliterator(), false)
          .filter(p -> p.path("name").asText().equals(worker.spec().name())).findFirst().orElseThrow();
      assertThat(entry.path("pid").asLong()).isEqualTo(worker.pid());
      assertThat(entry.path("restarts").asInt()).isEqualTo(1);
    });
    assertThat(Files.readString(platform.stateDir().log("supervisor"), StandardCharsets.UTF_8))
        .contains(worker.spec().name() + " (pid " + oldPid + ") exited");
  }

  @Test
  @Order(6)
  void servicesRefuseGrpcCallersWithoutTheInternalCredential() throws Exception {
    for (Role role : List.of(Role.JOB_SERVICE, Role.STORAGE)) {
      ProcessSpec spec = platform.processes().stream().map(ManagedProcess::spec)
          .filter(s -> s.role() == role).findFirst().orElseThrow();
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", spec.grpcPort()).usePlaintext().build();
      try {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> {
          if (role == Role.JOB_SERVICE) {
            JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .listWorkers(ListWorkersRequest.getDefaultInstance());
          } else {
            BlobStoreGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getFile(GetFileRequest.newBuilder().setFileId("x").build());
          }
        });
        assertThat(refused).as(spec.name() + " answered without the credential").isNotNull();
        assertThat(refused.getStatus().getCode()).as(spec.name()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getStatus().getDescription()).startsWith("missing internal credential");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  @Order(7)
  void aPersonSignsInUploadsSubmitsAndWatchesAWordCountReachSucceededInTheDashboard() throws Exception {
    byte[] text = ("Gristmill grinds words. Words, words: the mill counts every word it is given.\n"
        + "Ünïcödé letters count too; so do Σίσυφος and ΣΊΣΥΦΟΣ.\n").repeat(3000).getBytes(StandardCharsets.UTF_8);
    Path input = Files.createTempFile(Path.of("target"), "dashboard-", ".txt");
    Files.write(input, text);

    try (Dashboard dashboard = Dashboard.open()) {
      ChromeDriver browser = dashboard.driver;
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      browser.get(base + "/");
      wait.until(d -> d.findElement(By.id("token"))).sendKeys(token);
      dashboard.screenshot("01-sign-in");
      browser.findElement(By.cssSelector("form button[type=submit]")).click();
      wait.until(d -> d.findElement(By.id("principal")).getText().equals("admin (admin)"));

      browser.findElement(By.cssSelector("nav a[data-page=submit]")).click();
      wait.until(d -> d.findElement(By.id("s-file"))).sendKeys(input.toAbsolutePath().toString());
      WebElement reducers = browser.findElement(By.id("s-reducers"));
      reducers.clear();
      reducers.sendKeys("2");
      dashboard.screenshot("02-submit");
      browser.findElement(By.id("s-submit")).click();

      wait.until(d -> d.getCurrentUrl().contains("#/jobs/"));
      String jobId = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/jobs/") + 7);
      Object pageMark = browser.executeScript("return window.__mark = Math.random();");
      dashboard.screenshot("03-job-running");
      new WebDriverWait(browser, Duration.ofMinutes(3)).until(d ->
          "SUCCEEDED".equals(d.findElement(By.cssSelector("h1[data-status]")).getDomAttribute("data-status")));
      assertThat(browser.executeScript("return window.__mark;")).as("the page was never reloaded").isEqualTo(pageMark);

      byte[] reference = ReferenceWordCount.of(List.of(text));
      String expectedPreview = new String(reference, StandardCharsets.UTF_8).lines().limit(50)
          .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
      String preview = wait.until(d -> d.findElement(By.id("output"))).getDomProperty("textContent");
      assertThat(preview).isEqualTo(expectedPreview);
      JsonNode job = getJson("/api/v1/jobs/" + jobId);
      int tasks = job.path("progress").path("map").path("total").asInt() + 2;
      List<WebElement> bars = browser.findElements(By.cssSelector("#timeline .attempt"));
      assertThat(bars).hasSizeGreaterThanOrEqualTo(tasks);
      assertThat(browser.findElements(By.cssSelector("#timeline .lane"))).isNotEmpty();
      browser.executeScript("document.getElementById('timeline').scrollIntoView()");
      dashboard.screenshot("04-job-succeeded-timeline");

      browser.findElement(By.cssSelector("nav a[data-page=jobs]")).click();
      wait.until(d -> !d.findElements(By.cssSelector("a[href='#/jobs/" + jobId + "']")).isEmpty());
      dashboard.screenshot("05-jobs");
      browser.findElement(By.cssSelector("nav a[data-page=workers]")).click();
      // The worker killed earlier stays listed (LOST) next to its restarted successor.
      wait.until(d -> d.findElements(By.cssSelector("table[aria-label=Workers] .badge.ALIVE")).size() >= 1);
      dashboard.screenshot("06-workers");

      browser.manage().window().setSize(Dashboard.PHONE);
      browser.get(base + "/#/jobs/" + jobId);
      wait.until(d -> !d.findElements(By.cssSelector("#timeline .attempt")).isEmpty());
      dashboard.screenshot("07-phone-job");
      browser.findElement(By.cssSelector("nav a[data-page=jobs]")).click();
      wait.until(d -> !d.findElements(By.cssSelector("a[href='#/jobs/" + jobId + "']")).isEmpty());
      dashboard.screenshot("08-phone-jobs");
    }
  }

  @Test
  @Order(8)
  void aPlannedRestartStartsOneServiceAloneOnItsPortsFromItsClassDataArchive() throws Exception {
    ManagedProcess gateway = platform.process("gateway");
    long oldPid = gateway.pid();

    Duration took = platform.restart("gateway");

    assertThat(took).isPositive();
    assertThat(gateway.pid()).isNotEqualTo(oldPid);
    assertThat(gateway.isAlive()).isTrue();
    // Nothing died: a planned restart is not counted as one.
    assertThat(gateway.restarts()).isZero();
    // The training run made the archive before the first launch, so every launch maps it.
    assertThat(gateway.spec().command()).anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=")
        && Files.isRegularFile(Path.of(o.substring(o.indexOf('=') + 1))));
    JsonNode cluster = JSON.readTree(Files.readString(platform.stateDir().clusterFile()));
    JsonNode entry = StreamSupport.stream(cluster.path("processes").spliterator(), false)
        .filter(p -> p.path("name").asText().equals("gateway")).findFirst().orElseThrow();
    assertThat(entry.path("pid").asLong()).isEqualTo(gateway.pid());
    assertThat(entry.path("restarts").asInt()).isZero();
    HttpResponse<String> files = HTTP.send(authorized("/api/v1/files").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(files.statusCode()).as(files.body()).isEqualTo(200);
  }

  private static JsonNode awaitFinished(String jobId) {
    return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> getJson("/api/v1/jobs/" + jobId), j -> Set.of("SUCCEEDED", "FAILED", "CANCELLED")
            .contains(j.path("status").asText()));
  }

  private static JsonNode upload(String name, byte[] content) throws Exception {
    HttpResponse<String> response = HTTP.send(
        authorized("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
            .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
  }
}
