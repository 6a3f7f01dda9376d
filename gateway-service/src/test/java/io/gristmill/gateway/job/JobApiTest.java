package io.gristmill.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.Progress;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.FakeJobService;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@GatewayTest
class JobApiTest {

  static final String FULLWIDTH_A = "\uFF21";
  static final String GRINNING = new String(Character.toChars(0x1F600));

  @LocalServerPort
  int port;

  @Autowired
  FakeJobService jobService;

  @Autowired
  FakeBlobStore storage;

  GatewayClient client;

  @BeforeEach
  void connect() {
    client = new GatewayClient(port);
    jobService.reset();
    storage.reset();
  }

  @Test
  void acceptsAJobAndPointsToIt() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", """
        {"type":"wordcount","inputs":["file-7","file-8"],"reducers":3,"params":{"minCount":"2"}}
        """);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/job-1");
    assertThat(jobService.submissions()).containsExactly(SubmitJobRequest.newBuilder()
        .setType("wordcount").addInputFileIds("file-7").addInputFileIds("file-8").setReducers(3)
        .setOwner("admin").putParams("minCount", "2").build());
    assertThat(client.json(response.body()).get("status").asString()).isEqualTo("PENDING");
    assertThat(client.json(response.body()).get("owner").asString()).isEqualTo("admin");
  }

  @Test
  void submitsOneReducerAndNoParamsByDefault() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", """
        {"type":"wordcount","inputs":["file-7"]}
        """);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(jobService.submissions()).containsExactly(SubmitJobRequest.newBuilder()
        .setType("wordcount").addInputFileIds("file-7").setReducers(1).setOwner("admin").build());
  }

  @Test
  void refusesMalformedJsonSayingWhere() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", "{\"type\":\"wordcount\",}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Bad Request","status":400,
         "detail":"Malformed JSON request body: Unexpected character ('}' (code 125)): was expecting double-quote to start property name (line 1, column 21)",
         "instance":"/api/v1/jobs"}
        """));
    assertThat(jobService.submissions()).isEmpty();
  }

  @Test
  void refusesAFieldOfTheWrongShapeNamingIt() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", """
        {"type":"wordcount","inputs":"file-7"}""");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body()).get("detail").asString())
        .startsWith("Malformed JSON request body at 'io.gristmill.gateway.job.SubmitJobBody[\"inputs\"]': ");
  }

  @Test
  void refusesAJobWithoutTypeOrInputs() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", "{\"reducers\":0}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Bad Request","status":400,
         "detail":"Invalid request body: inputs: must not be empty; reducers: must be greater than or equal to 1; type: must not be blank",
         "instance":"/api/v1/jobs"}
        """));
    assertThat(jobService.submissions()).isEmpty();
  }

  @Test
  void refusesAnEmptyBody() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body()).get("detail").asString()).isEqualTo("A JSON request body is required.");
  }

  @Test
  void passesTheJobServicesRefusalThrough() throws Exception {
    jobService.failWith(Status.INVALID_ARGUMENT.withDescription("unknown job type 'grep'; known types: wordcount"));

    HttpResponse<String> response = client.postJson("/api/v1/jobs", """
        {"type":"grep","inputs":["file-7"]}""");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body()).get("detail").asString())
        .isEqualTo("unknown job type 'grep'; known types: wordcount");
  }

  @Test
  void answers503WhenTheJobServiceIsUnavailable() throws Exception {
    jobService.failWith(Status.UNAVAILABLE.withDescription("storage is down"));

    HttpResponse<String> response = client.get("/api/v1/jobs/job-1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Service Unavailable","status":503,"detail":"storage is down",
         "instance":"/api/v1/jobs/job-1"}
        """));
  }

  @Test
  void hidesUnexpectedFailuresBehindA502() throws Exception {
    jobService.failWith(Status.INTERNAL.withDescription("NullPointerException at JobStore.java:42"));

    HttpResponse<String> response = client.get("/api/v1/jobs/job-1");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Bad Gateway","status":502,
         "detail":"A Gristmill service behind the gateway failed.","instance":"/api/v1/jobs/job-1"}
        """));
  }

  @Test
  void answers404ForAnUnknownJob() throws Exception {
    HttpResponse<String> response = client.get("/api/v1/jobs/job-404");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Not Found","status":404,"detail":"no job job-404",
         "instance":"/api/v1/jobs/job-404"}
        """));
  }

  @Test
  void showsAJobInItsDocumentedShape() throws Exception {
    jobService.put(Job.newBuilder()
        .setId("job-9")
        .setType("wordcount")
        .setStatus(io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_RUNNING)
        .addInputFileIds("file-1")
        .addInputFileIds("file-2")
        .setReducers(2)
        .setOwner("admin")
        .putParams("minCount", "2")
        .setMapProgress(Progress.newBuilder().setTotal(5).setSucceeded(3).setRunning(1).setFailed(1))
        .setReduceProgress(Progress.newBuilder().setTotal(2))
        .setSubmittedAt(FakeJobService.timestamp(Instant.parse("2025-03-04T05:06:07Z")))
        .setStartedAt(FakeJobService.timestamp(Instant.parse("2025-03-04T05:06:08.250Z")))
        .build());

    HttpResponse<String> response = client.get("/api/v1/jobs/job-9");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"id":"job-9","type":"wordcount","status":"RUNNING","inputs":["file-1","file-2"],"reducers":2,
         "owner":"admin","params":{"minCount":"2"},
         "progress":{"map":{"total":5,"succeeded":3,"running":1,"failed":1},
                     "reduce":{"total":2,"succeeded":0,"running":0,"failed":0}},
         "outputs":[],"error":null,"submittedAt":"2025-03-04T05:06:07Z",
         "startedAt":"2025-03-04T05:06:08.250Z","finishedAt":null,"custom":null,"counters":{},"priority":0}
        """));
  }

  @Test
  void streamsTheMergedOutputInUtf8ByteOrder() throws Exception {
    succeededJob("job-5",
        part("apple\t3\n" + FULLWIDTH_A + "\t1\n"),
        part("banana\t2\n\u00e9t\u00e9\t7\n" + GRINNING + "\t4\n"),
        part("cherry\t5\n"));

    HttpResponse<String> response = client.get("/api/v1/jobs/job-5/output");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
    assertThat(response.body()).isEqualTo("apple\t3\nbanana\t2\ncherry\t5\n\u00e9t\u00e9\t7\n"
        + FULLWIDTH_A + "\t1\n" + GRINNING + "\t4\n");
  }

  @Test
  void stopsTheOutputAtTheLimit() throws Exception {
    succeededJob("job-5", part("a\t1\nc\t3\n"), part("b\t2\n"));

    HttpResponse<String> response = client.get("/api/v1/jobs/job-5/output?limit=2");

    assertThat(response.body()).isEqualTo("a\t1\nb\t2\n");
  }

  @Test
  void refusesANegativeLimit() throws Exception {
    succeededJob("job-5", part("a\t1\n"));

    HttpResponse<String> response = client.get("/api/v1/jobs/job-5/output?limit=-1");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body()).get("detail").asString())
        .isEqualTo("Invalid request: limit: must be greater than or equal to 0");
  }

  @Test
  void refusesTheOutputOfAJobThatHasNotSucceeded() throws Exception {
    jobService.put(Job.newBuilder().setId("job-3").setType("wordcount")
        .setStatus(io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_RUNNING).build());

    HttpResponse<String> response = client.get("/api/v1/jobs/job-3/output");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Conflict","status":409,
         "detail":"Job job-3 is RUNNING; its output can be read only once it has SUCCEEDED.",
         "instance":"/api/v1/jobs/job-3/output"}
        """));
  }

  @Test
  void answers404WhenAnOutputPartIsMissing() throws Exception {
    succeededJob("job-5", part("a\t1\n"), "file-gone");

    HttpResponse<String> response = client.get("/api/v1/jobs/job-5/output");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(client.json(response.body()).get("detail").asString()).isEqualTo("no file file-gone");
  }

  @Test
  void cutsTheOutputShortWhenAPartFailsMidStream() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      lines.append("w").append(String.format("%07d", i)).append("\t1\n");
    }
    String broken = part(lines.toString());
    storage.breakAfterFirstMessage(broken);
    succeededJob("job-5", broken);

    assertThatThrownBy(() -> client.get("/api/v1/jobs/job-5/output")).isInstanceOf(IOException.class);
  }

  private String part(String lines) {
    return storage.put("part", lines.getBytes(StandardCharsets.UTF_8));
  }

  private void succeededJob(String id, String... outputs) {
    Job.Builder job = Job.newBuilder().setId(id).setType("wordcount")
        .setStatus(io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_SUCCEEDED);
    for (String output : outputs) {
      job.addOutputFileIds(output);
    }
    jobService.put(job.build());
  }

  @Test
  void answersTheJobWhenItEndsWhileTheRequestWaits() throws Exception {
    jobService.put(job("job-1", io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_RUNNING));

    CompletableFuture<HttpResponse<String>> waiting = client.http().sendAsync(
        client.request("/api/v1/jobs/job-1?waitSeconds=30").GET().build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> jobService.waitingFor("job-1") == 1);
    assertThat(waiting.isDone()).isFalse();
    jobService.put(job("job-1", io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_SUCCEEDED));

    HttpResponse<String> response = waiting.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(client.json(response.body())).isEqualTo(client.json(client.get("/api/v1/jobs/job-1").body()));
    assertThat(client.json(response.body()).get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(jobService.waitsAskedFor()).containsExactly(30_000L);
  }

  @Test
  void answersAnEndedJobOrAWaitOfZeroAtOnceWithoutHoldingACall() throws Exception {
    jobService.put(job("job-done", io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_FAILED));
    jobService.put(job("job-running", io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_RUNNING));

    HttpResponse<String> done = client.get("/api/v1/jobs/job-done?waitSeconds=60");
    HttpResponse<String> running = client.get("/api/v1/jobs/job-running?waitSeconds=0");

    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(client.json(done.body()).get("status").asString()).isEqualTo("FAILED");
    assertThat(running.statusCode()).isEqualTo(200);
    assertThat(client.json(running.body()).get("status").asString()).isEqualTo("RUNNING");
    assertThat(jobService.waitsAskedFor()).isEmpty();
  }

  @Test
  void refusesAWaitOutOfRangeWithTheBounds() throws Exception {
    jobService.put(job("job-1", io.gristmill.contracts.job.v1.JobStatus.JOB_STATUS_RUNNING));

    for (String wait : List.of("-1", "61")) {
      HttpResponse<String> response = client.get("/api/v1/jobs/job-1?waitSeconds=" + wait);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(client.json(response.body())).isEqualTo(client.json("""
          {"type":"about:blank","title":"Bad Request","status":400,
           "detail":"Invalid request: waitSeconds: must be between 0 and 60 (gristmill.gateway.limits.max-job-wait), got %s",
           "instance":"/api/v1/jobs/job-1"}
          """.formatted(wait)));
    }
    HttpResponse<String> notANumber = client.get("/api/v1/jobs/job-1?waitSeconds=soon");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(client.json(notANumber.body()).get("detail").asString())
        .isEqualTo("Failed to convert 'waitSeconds' with value: 'soon'");
    assertThat(jobService.waitsAskedFor()).isEmpty();
  }

  @Test
  void answers404ForAnUnknownJobWithoutWaiting() throws Exception {
    HttpResponse<String> response = client.get("/api/v1/jobs/job-nobody?waitSeconds=30");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(client.json(response.body()).get("detail").asString()).isEqualTo("no job job-nobody");
    assertThat(jobService.waitsAskedFor()).isEmpty();
  }

  private static Job job(String id, io.gristmill.contracts.job.v1.JobStatus status) {
    return Job.newBuilder().setId(id).setType("wordcount").setStatus(status).addInputFileIds("file-1")
        .setReducers(1).setOwner("admin").setSubmittedAt(FakeJobService.timestamp(FakeJobService.SUBMITTED_AT))
        .build();
  }
}
