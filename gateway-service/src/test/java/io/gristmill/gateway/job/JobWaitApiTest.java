package io.gristmill.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.FakeJobService;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code GET /api/v1/jobs/{id}?waitSeconds=N}: the job once it has ended, without polling. */
@GatewayTest
class JobWaitApiTest {

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
  void answersTheJobWhenItEndsWhileTheRequestWaits() throws Exception {
    jobService.put(job("job-1", JobStatus.JOB_STATUS_RUNNING));

    CompletableFuture<HttpResponse<String>> waiting = client.http().sendAsync(
        client.request("/api/v1/jobs/job-1?waitSeconds=30").GET().build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> jobService.waitingFor("job-1") == 1);
    assertThat(waiting.isDone()).isFalse();
    jobService.put(job("job-1", JobStatus.JOB_STATUS_SUCCEEDED));

    HttpResponse<String> response = waiting.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(client.json(response.body())).isEqualTo(client.json(client.get("/api/v1/jobs/job-1").body()));
    assertThat(client.json(response.body()).get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(jobService.waitsAskedFor()).containsExactly(30_000L);
  }

  @Test
  void answersAnEndedJobOrAWaitOfZeroAtOnceWithoutHoldingACall() throws Exception {
    jobService.put(job("job-done", JobStatus.JOB_STATUS_FAILED));
    jobService.put(job("job-running", JobStatus.JOB_STATUS_RUNNING));

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
    jobService.put(job("job-1", JobStatus.JOB_STATUS_RUNNING));

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
    assertThat(client.json(notANumber.body()).get("detail").asString()).contains("waitSeconds");
    assertThat(jobService.waitsAskedFor()).isEmpty();
  }

  @Test
  void answers404ForAnUnknownJobWithoutWaiting() throws Exception {
    HttpResponse<String> response = client.get("/api/v1/jobs/job-nobody?waitSeconds=30");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(client.json(response.body()).get("detail").asString()).isEqualTo("no job job-nobody");
    assertThat(jobService.waitsAskedFor()).isEmpty();
  }

  private static Job job(String id, JobStatus status) {
    return Job.newBuilder().setId(id).setType("wordcount").setStatus(status).addInputFileIds("file-1")
        .setReducers(1).setOwner("admin").setSubmittedAt(FakeJobService.timestamp(FakeJobService.SUBMITTED_AT))
        .build();
  }
}
