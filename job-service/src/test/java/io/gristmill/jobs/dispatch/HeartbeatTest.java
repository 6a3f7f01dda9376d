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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** What a heartbeat carries both ways: time, clock offset, draining, and the attempts to stop. */
class HeartbeatTest extends IntegrationTest {

  @Autowired
  TransactionTemplate transaction;

  @Test
  void renewsLeasesWithoutWaitingForAnAttemptAnotherTransactionHolds() throws Exception {
    submit(1, storage.addFile("a.txt", 20, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment held = alpha.acquireNow();
    TaskAssignment free = alpha.acquireNow();
    Instant heldLease = lease(held);
    clock.advance(Duration.ofSeconds(3));

    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // As a completion batch holds the attempt's row while it goes on to the next ones.
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
      jdbc.queryForList("SELECT id FROM jobs.attempt WHERE id = ?::uuid FOR NO KEY UPDATE", held.getAttemptId());
      locked.countDown();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
    }), otherThreads);
    assertThat(locked.await(20, TimeUnit.SECONDS)).isTrue();
    HeartbeatResponse reply;
    try {
      // Waiting for the held row would end in the call's deadline instead.
      reply = alpha.heartbeat(List.of(held.getAttemptId(), free.getAttemptId()));
    } finally {
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
    }

    assertThat(reply.getCancelAttemptIdsList()).as("both still run").isEmpty();
    assertThat(lease(free)).isAfter(heldLease);
    assertThat(lease(held)).as("kept until the next heartbeat").isEqualTo(heldLease);
    alpha.heartbeat(List.of(held.getAttemptId(), free.getAttemptId()));
    assertThat(lease(held)).isEqualTo(lease(free));
  }

  private Instant lease(TaskAssignment attempt) {
    return jdbc.queryForObject("SELECT lease_expires_at FROM jobs.attempt WHERE id = ?::uuid",
        java.sql.Timestamp.class, attempt.getAttemptId()).toInstant();
  }

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
