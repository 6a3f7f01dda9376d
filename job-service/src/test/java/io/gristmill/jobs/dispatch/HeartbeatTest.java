package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.HeartbeatResponse;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.ListTasksRequest;
import io.gristmill.contracts.job.v1.ListWorkersRequest;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import com.google.protobuf.Timestamp;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a heartbeat carries both ways: time, clock offset, draining, and the attempts to stop. */
class HeartbeatTest extends IntegrationTest {

  @Test
  void answersWithTheServersTimeAndCancelsUnknownAttempts() {
    TestWorker alpha = TestWorker.register("alpha:7070");
    String unknown = UUID.randomUUID().toString();

    clock.advance(java.time.Duration.ofHours(1));
    long before = clock.millis();
    HeartbeatResponse reply = alpha.heartbeat(List.of(unknown));
    long after = clock.millis();

    assertThat(reply.getServerTimeMillis()).as("the job service's (moved) clock").isBetween(before, after);
    assertThat(reply.getCancelAttemptIdsList()).containsExactly(unknown);
  }

  @Test
  void cancelKillsRunningAttempts() {
    Job submitted = submit(1, storage.addFile("a.txt", 20, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment first = alpha.acquireNow();
    TaskAssignment second = alpha.acquireNow();

    jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(submitted.getId()).build());

    assertThat(alpha.heartbeat(List.of(first.getAttemptId(), second.getAttemptId())).getCancelAttemptIdsList())
        .containsExactly(first.getAttemptId(), second.getAttemptId());
    assertThat(jdbc.queryForList("SELECT status || ':' || error FROM jobs.attempt", String.class))
        .containsExactly("KILLED:job cancelled", "KILLED:job cancelled");
    assertThat(alpha.completeMap(first)).isFalse();
  }

  @Test
  void cancellingAJobWithStoredMapOutputsDeletesThem() {
    Job submitted = jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(1)
        .setOwner("alice").addInputFileIds(storage.addFile("a.txt", 20, 10)).putParams("intermediate", "storage")
        .build());
    TestWorker alpha = TestWorker.register("alpha:7070");
    alpha.completeMapStoredIn(alpha.acquireNow(), "stored-map-0");

    jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(submitted.getId()).build());

    org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(storage.deleted()).contains("stored-map-0"));
  }

  @Test
  void aDrainingWorkerGetsNoNewTasksAndIsShownDraining() {
    submit(1, storage.addFile("a.txt", 20, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment running = alpha.acquireNow();

    HeartbeatResponse reply = alpha.heartbeat(HeartbeatRequest.newBuilder()
        .addRunningAttemptIds(running.getAttemptId()).setDraining(true));

    assertThat(reply.getCancelAttemptIdsList()).isEmpty();
    assertThat(alpha.acquire(0)).isEmpty();
    assertThat(worker(alpha).getState()).isEqualTo("DRAINING");
    assertThat(alpha.completeMap(running)).as("it finishes what it runs").isTrue();
  }

  @Test
  void recordsTheWorkersClockOffsetAndShiftsItsAttemptTimesOntoOurs() {
    submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment map = alpha.acquireNow();
    // The worker's clock runs 5 s ahead of the job service's.
    alpha.heartbeat(HeartbeatRequest.newBuilder().setClockOffsetMillis(5_000));

    alpha.completeTimed(map, 1_700_000_005_000L, 1_700_000_007_500L);

    Worker shown = worker(alpha);
    assertThat(shown.getClockOffsetMillis()).isEqualTo(5_000);
    assertThat(shown.getPid()).isEqualTo(4242);
    var attempt = jobs().listTasks(ListTasksRequest.newBuilder().setJobId(map.getJobId()).build())
        .getTasks(0).getAttempts(0);
    assertThat(millis(attempt.getStartedAt())).isEqualTo(1_700_000_000_000L);
    assertThat(millis(attempt.getFinishedAt())).isEqualTo(1_700_000_002_500L);
  }

  private static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  private static Worker worker(TestWorker worker) {
    return jobs().listWorkers(ListWorkersRequest.getDefaultInstance()).getWorkersList().stream()
        .filter(w -> w.getId().equals(worker.id())).findFirst().orElseThrow();
  }
}
