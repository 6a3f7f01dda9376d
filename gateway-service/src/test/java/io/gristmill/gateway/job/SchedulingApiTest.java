package io.gristmill.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.Attempt;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.Task;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.gateway.FakeJobService;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The scheduling data of issue #5 through REST: job priority, KILLED and LOST attempts, worker states. */
@GatewayTest
class SchedulingApiTest {

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
  void passesThePriorityToTheJobServiceAndShowsItInTheJobAndTheList() throws Exception {
    HttpResponse<String> low = client.postJson("/api/v1/jobs", """
        {"type":"wordcount","inputs":["f1"],"priority":-10}
        """);
    HttpResponse<String> high = client.postJson("/api/v1/jobs", """
        {"type":"wordcount","inputs":["f1"],"priority":10}
        """);

    assertThat(low.statusCode()).isEqualTo(202);
    assertThat(high.statusCode()).isEqualTo(202);
    assertThat(jobService.submissions()).extracting(SubmitJobRequest::getPriority).containsExactly(-10, 10);
    assertThat(client.json(low.body()).get("priority").asInt()).isEqualTo(-10);
    assertThat(client.json(client.get("/api/v1/jobs/job-2").body()).get("priority").asInt()).isEqualTo(10);
    assertThat(client.json(client.get("/api/v1/jobs").body()).get("jobs").findValues("priority"))
        .extracting(JsonNode::asInt).containsExactly(10, -10);
  }

  @Test
  void submitsPriorityZeroWhenNoneIsGiven() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", """
        {"type":"wordcount","inputs":["f1"]}
        """);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(jobService.submissions()).extracting(SubmitJobRequest::getPriority).containsExactly(0);
    assertThat(client.json(response.body()).get("priority").asInt()).isZero();
  }

  @Test
  void refusesAPriorityOutsideMinusTenToTenWithProblemDetails() throws Exception {
    for (int priority : new int[] {11, -11, Integer.MAX_VALUE}) {
      HttpResponse<String> response = client.postJson("/api/v1/jobs",
          "{\"type\":\"wordcount\",\"inputs\":[\"f1\"],\"priority\":" + priority + "}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(client.json(response.body())).isEqualTo(client.json("""
          {"type":"about:blank","title":"Bad Request","status":400,
           "detail":"Invalid request body: priority: must be between -10 and 10","instance":"/api/v1/jobs"}
          """));
    }
    assertThat(jobService.submissions()).isEmpty();
  }

  @Test
  void refusesAPriorityThatIsNotAWholeNumberNamingTheField() throws Exception {
    HttpResponse<String> response = client.postJson("/api/v1/jobs", """
        {"type":"wordcount","inputs":["f1"],"priority":"high"}
        """);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body()).get("detail").asString())
        .startsWith("Malformed JSON request body at 'io.gristmill.gateway.job.SubmitJobBody[\"priority\"]': ");
    assertThat(jobService.submissions()).isEmpty();
  }

  @Test
  void showsKilledAndLostAttemptsAndWhichWasABackup() throws Exception {
    jobService.put(JobEndpointsTest.job("job-k", "admin", JobStatus.JOB_STATUS_SUCCEEDED));
    Instant t0 = Instant.parse("2026-02-03T04:05:06Z");
    jobService.putTasks("job-k", List.of(Task.newBuilder().setId("t3").setKind("MAP").setIndex(3)
        .setStatus("SUCCEEDED").setFileId("f1").setSplitOffset(0).setSplitLength(10)
        .addAttempts(attempt("a1", "w1", "LOST", t0, t0.plusSeconds(4), false))
        .addAttempts(attempt("a2", "w2", "KILLED", t0.plusSeconds(5), t0.plusSeconds(9), false))
        .addAttempts(attempt("a3", "w3", "SUCCEEDED", t0.plusSeconds(7), t0.plusSeconds(8), true))
        .build()));

    HttpResponse<String> response = client.get("/api/v1/jobs/job-k/tasks");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.json(response.body()).get("tasks").get(0).get("attempts")).isEqualTo(client.json("""
        [{"id":"a1","workerId":"w1","workerHost":"host-w1","status":"LOST","startedAt":"2026-02-03T04:05:06Z",
          "finishedAt":"2026-02-03T04:05:10Z","durationMillis":4000,"error":null,"stackTrace":null,
          "backup":false,"counters":{}},
         {"id":"a2","workerId":"w2","workerHost":"host-w2","status":"KILLED","startedAt":"2026-02-03T04:05:11Z",
          "finishedAt":"2026-02-03T04:05:15Z","durationMillis":4000,"error":null,"stackTrace":null,
          "backup":false,"counters":{}},
         {"id":"a3","workerId":"w3","workerHost":"host-w3","status":"SUCCEEDED","startedAt":"2026-02-03T04:05:13Z",
          "finishedAt":"2026-02-03T04:05:14Z","durationMillis":1000,"error":null,"stackTrace":null,
          "backup":true,"counters":{}}]
        """));
  }

  @Test
  void listsWorkersInEveryStateWithPidClockOffsetAndRunningAttempts() throws Exception {
    Instant t = Instant.parse("2026-02-03T04:05:06Z");
    jobService.putWorkers(List.of(
        worker("w1", 101, 2, "ALIVE", 15, t), worker("w2", 102, 1, "DRAINING", -3, t.plusSeconds(1)),
        worker("w3", 103, 0, "LOST", 0, t.plusSeconds(2)), worker("w4", 104, 0, "LEFT", 7, t.plusSeconds(3))));

    HttpResponse<String> response = client.get("/api/v1/workers");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"workers":[
          {"id":"w1","host":"h","pid":101,"slots":2,"runningAttempts":2,"shuffleAddress":"h:101",
           "registeredAt":"2026-02-03T04:00:00Z","lastHeartbeat":"2026-02-03T04:05:06Z","clockOffsetMillis":15,
           "state":"ALIVE"},
          {"id":"w2","host":"h","pid":102,"slots":2,"runningAttempts":1,"shuffleAddress":"h:102",
           "registeredAt":"2026-02-03T04:00:00Z","lastHeartbeat":"2026-02-03T04:05:07Z","clockOffsetMillis":-3,
           "state":"DRAINING"},
          {"id":"w3","host":"h","pid":103,"slots":2,"runningAttempts":0,"shuffleAddress":"h:103",
           "registeredAt":"2026-02-03T04:00:00Z","lastHeartbeat":"2026-02-03T04:05:08Z","clockOffsetMillis":0,
           "state":"LOST"},
          {"id":"w4","host":"h","pid":104,"slots":2,"runningAttempts":0,"shuffleAddress":"h:104",
           "registeredAt":"2026-02-03T04:00:00Z","lastHeartbeat":"2026-02-03T04:05:09Z","clockOffsetMillis":7,
           "state":"LEFT"}]}
        """));
  }

  private static Attempt attempt(String id, String worker, String status, Instant start, Instant end,
      boolean backup) {
    return Attempt.newBuilder().setId(id).setWorkerId(worker).setWorkerHost("host-" + worker).setStatus(status)
        .setStartedAt(FakeJobService.timestamp(start)).setFinishedAt(FakeJobService.timestamp(end))
        .setBackup(backup).build();
  }

  private static Worker worker(String id, long pid, int running, String state, long offset, Instant heartbeat) {
    return Worker.newBuilder().setId(id).setHost("h").setPid(pid).setSlots(2).setRunningAttempts(running)
        .setShuffleAddress("h:" + pid).setRegisteredAt(FakeJobService.timestamp(Instant.parse("2026-02-03T04:00:00Z")))
        .setLastHeartbeat(FakeJobService.timestamp(heartbeat)).setClockOffsetMillis(offset).setState(state).build();
  }
}
