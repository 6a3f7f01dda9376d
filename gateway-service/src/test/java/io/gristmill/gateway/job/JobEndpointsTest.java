package io.gristmill.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.Attempt;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.ListJobsRequest;
import io.gristmill.contracts.job.v1.Task;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.gateway.FakeJobService;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Listing, cancelling, tasks, workers, idempotent submission, limits and live events of jobs. */
@GatewayTest
class JobEndpointsTest {

  @LocalServerPort
  int port;

  @Autowired
  FakeJobService jobService;

  GatewayClient client;

  @BeforeEach
  void connect() {
    client = new GatewayClient(port);
    jobService.reset();
  }

  @Test
  void listsPagesWithFiltersPassedToTheJobService() throws Exception {
    for (int i = 1; i <= 5; i++) {
      jobService.put(job("job-" + i, "admin", i % 2 == 0 ? JobStatus.JOB_STATUS_SUCCEEDED : JobStatus.JOB_STATUS_RUNNING));
    }

    JsonNode first = client.json(client.get("/api/v1/jobs?pageSize=2").body());
    JsonNode second = client.json(client.get("/api/v1/jobs?pageSize=2&pageToken="
        + first.get("nextPageToken").asString()).body());
    JsonNode succeeded = client.json(client.get("/api/v1/jobs?status=SUCCEEDED&type=wordcount").body());

    assertThat(first.get("jobs")).extracting(j -> j.get("id").asString()).containsExactly("job-5", "job-4");
    assertThat(first.get("total").asLong()).isEqualTo(5);
    assertThat(second.get("jobs")).extracting(j -> j.get("id").asString()).containsExactly("job-3", "job-2");
    assertThat(succeeded.get("jobs")).extracting(j -> j.get("id").asString()).containsExactly("job-4", "job-2");
    assertThat(succeeded.get("nextPageToken").isNull()).isTrue();
    assertThat(jobService.listRequests()).last().isEqualTo(ListJobsRequest.newBuilder().setOwner("")
        .setType("wordcount").addStatuses(JobStatus.JOB_STATUS_SUCCEEDED).setPageSize(10).build());
  }

  @Test
  void refusesPageSizesAndStatusesOutOfRangeNamingTheLimit() throws Exception {
    HttpResponse<String> big = client.get("/api/v1/jobs?pageSize=21");
    HttpResponse<String> zero = client.get("/api/v1/jobs?pageSize=0");
    HttpResponse<String> status = client.get("/api/v1/jobs?status=DONE");

    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(client.json(big.body()).get("detail").asString()).isEqualTo(
        "Invalid request: pageSize: must be between 1 and 20 (gristmill.gateway.limits.max-page-size), got 21");
    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(status.statusCode()).isEqualTo(400);
    assertThat(client.json(status.body()).get("detail").asString()).contains("status").contains("DONE");
  }

  @Test
  void cancelsARunningJobAndSaysWhyAFinishedOneCannotBe() throws Exception {
    jobService.put(job("job-r", "admin", JobStatus.JOB_STATUS_RUNNING));
    jobService.put(job("job-s", "admin", JobStatus.JOB_STATUS_SUCCEEDED));

    HttpResponse<String> cancelled = client.postJson("/api/v1/jobs/job-r/cancel", "");
    HttpResponse<String> finished = client.postJson("/api/v1/jobs/job-s/cancel", "");

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(client.json(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(finished.statusCode()).isEqualTo(409);
    assertThat(client.json(finished.body()).get("detail").asString())
        .isEqualTo("job job-s already SUCCEEDED; only PENDING or RUNNING jobs can be cancelled");
  }

  @Test
  void showsTasksWithAttemptsDurationsAndFailures() throws Exception {
    jobService.put(job("job-t", "admin", JobStatus.JOB_STATUS_RUNNING));
    Instant t0 = Instant.parse("2026-02-03T04:05:06Z");
    jobService.putTasks("job-t", List.of(Task.newBuilder().setId("t0").setKind("MAP").setIndex(0)
        .setStatus("SUCCEEDED").setFileId("f1").setSplitOffset(0).setSplitLength(100)
        .addAttempts(Attempt.newBuilder().setId("a1").setWorkerId("w1").setWorkerHost("h1").setStatus("FAILED")
            .setStartedAt(FakeJobService.timestamp(t0)).setFinishedAt(FakeJobService.timestamp(t0.plusMillis(1500)))
            .setError("boom").setStackTrace("java.lang.RuntimeException: boom"))
        .addAttempts(Attempt.newBuilder().setId("a2").setWorkerId("w2").setWorkerHost("h2").setStatus("RUNNING")
            .setStartedAt(FakeJobService.timestamp(t0.plusSeconds(2))).setBackup(true))
        .build()));

    HttpResponse<String> response = client.get("/api/v1/jobs/job-t/tasks");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"tasks":[{"id":"t0","kind":"MAP","index":0,"status":"SUCCEEDED","fileId":"f1","splitOffset":0,
          "splitLength":100,"outputFileId":null,"attempts":[
          {"id":"a1","workerId":"w1","workerHost":"h1","status":"FAILED","startedAt":"2026-02-03T04:05:06Z",
           "finishedAt":"2026-02-03T04:05:07.500Z","durationMillis":1500,"error":"boom",
           "stackTrace":"java.lang.RuntimeException: boom","backup":false,"counters":{}},
          {"id":"a2","workerId":"w2","workerHost":"h2","status":"RUNNING","startedAt":"2026-02-03T04:05:08Z",
           "finishedAt":null,"durationMillis":null,"error":null,"stackTrace":null,"backup":true,"counters":{}}]}]}
        """));
  }

  @Test
  void listsWorkers() throws Exception {
    Instant t = Instant.parse("2026-02-03T04:05:06Z");
    jobService.putWorkers(List.of(Worker.newBuilder().setId("w1").setHost("h1").setPid(42).setSlots(4)
        .setRunningAttempts(3).setShuffleAddress("h1:7070").setRegisteredAt(FakeJobService.timestamp(t))
        .setLastHeartbeat(FakeJobService.timestamp(t.plusSeconds(9))).setClockOffsetMillis(-12).setState("ALIVE")
        .build()));

    assertThat(client.json(client.get("/api/v1/workers").body())).isEqualTo(client.json("""
        {"workers":[{"id":"w1","host":"h1","pid":42,"slots":4,"runningAttempts":3,"shuffleAddress":"h1:7070",
          "registeredAt":"2026-02-03T04:05:06Z","lastHeartbeat":"2026-02-03T04:05:15Z","clockOffsetMillis":-12,
          "state":"ALIVE"}]}
        """));
  }

  @Test
  void aReplayedIdempotencyKeyAnswersTheFirstJobAndADifferentBodyUnderItIs409() throws Exception {
    String body = "{\"type\":\"wordcount\",\"inputs\":[\"f1\"]}";
    HttpResponse<String> first = client.send(client.request("/api/v1/jobs").header("Content-Type", "application/json")
        .header("Idempotency-Key", "k-1").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    HttpResponse<String> replay = client.send(client.request("/api/v1/jobs").header("Content-Type", "application/json")
        .header("Idempotency-Key", "k-1").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    HttpResponse<String> different = client.send(client.request("/api/v1/jobs")
        .header("Content-Type", "application/json").header("Idempotency-Key", "k-1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"wordcount\",\"inputs\":[\"f2\"]}")).build());

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(replay.statusCode()).isEqualTo(202);
    assertThat(client.json(replay.body()).get("id")).isEqualTo(client.json(first.body()).get("id"));
    assertThat(different.statusCode()).isEqualTo(409);
    assertThat(client.json(different.body()).get("detail").asString())
        .isEqualTo("request id 'k-1' was already used for job job-1, which asked for something else");
    assertThat(jobService.submissions()).extracting(r -> r.getRequestId()).containsOnly("k-1");
  }

  @Test
  void refusesSubmissionsOverTheLimitsNamingEach() throws Exception {
    assertThat(detail(client.postJson("/api/v1/jobs", "{\"type\":\"wordcount\",\"inputs\":[\"a\",\"b\",\"c\",\"d\"]}")))
        .isEqualTo("Invalid request body: inputs: at most 3 input files are allowed "
            + "(gristmill.gateway.limits.max-inputs), got 4");
    assertThat(detail(client.postJson("/api/v1/jobs", "{\"type\":\"wordcount\",\"inputs\":[\"a\"],\"reducers\":9}")))
        .isEqualTo("Invalid request body: reducers: must be between 1 and 8 "
            + "(gristmill.gateway.limits.max-reducers), got 9");
    assertThat(detail(client.postJson("/api/v1/jobs",
        "{\"type\":\"wordcount\",\"inputs\":[\"a\"],\"params\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}")))
        .isEqualTo("Invalid request body: params: at most 2 parameters are allowed "
            + "(gristmill.gateway.limits.max-params), got 3");
    assertThat(jobService.submissions()).isEmpty();
  }

  @Test
  void refusesAnOversizedBodyWith413NamingTheLimit() throws Exception {
    String huge = "{\"type\":\"wordcount\",\"inputs\":[\"" + "x".repeat(70_000) + "\"]}";
    HttpResponse<String> declared = client.postJson("/api/v1/jobs", huge);
    HttpResponse<String> chunked = client.send(client.request("/api/v1/jobs").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())))
        .build());

    for (HttpResponse<String> response : List.of(declared, chunked)) {
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(detail(response)).isEqualTo("The request body is larger than the limit of 65536 bytes "
          + "(gristmill.gateway.limits.max-request-body).");
    }
    assertThat(jobService.submissions()).isEmpty();
  }

  @Test
  void streamsJobEventsUntilTheJobFinishes() throws Exception {
    jobService.put(job("job-e", "admin", JobStatus.JOB_STATUS_RUNNING));
    var stream = client.http().sendAsync(client.request("/api/v1/jobs/job-e/events").GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get();
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/event-stream"));
    List<String> data = new ArrayList<>();
    var lines = response.body().iterator();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data:")) {
        data.add(line);
        if (data.size() == 1) {
          jobService.put(job("job-e", "admin", JobStatus.JOB_STATUS_SUCCEEDED));
        }
      }
    }

    assertThat(data).hasSize(2);
    assertThat(client.json(data.get(0).substring(5)).get("status").asString()).isEqualTo("RUNNING");
    assertThat(client.json(data.get(1).substring(5)).get("status").asString()).isEqualTo("SUCCEEDED");
  }

  private String detail(HttpResponse<String> response) {
    return client.json(response.body()).get("detail").asString();
  }

  static Job job(String id, String owner, JobStatus status) {
    return Job.newBuilder().setId(id).setType("wordcount").setOwner(owner).setStatus(status)
        .setSubmittedAt(FakeJobService.timestamp(FakeJobService.SUBMITTED_AT)).build();
  }
}
