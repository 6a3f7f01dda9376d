package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.gristmill.jobs.job.JobRepository;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A map claim only reads its job's row, so it proceeds while another transaction holds the job's row lock (a
 * completion, a failure); a reduce claim still waits for that lock, and a job's end waits for the map claims under
 * way, so that it stops the attempts they made.
 */
class MapClaimLockingTest extends IntegrationTest {

  @Autowired
  JobRepository jobRepository;

  @Autowired
  TaskClaimer claimer;

  @Autowired
  TransactionTemplate transaction;

  @Test
  void aMapClaimProceedsWhileAnotherTransactionHoldsTheJobsRowLock() throws Exception {
    String jobId = submit(1, storage.addFile("a.txt", 30, 10)).getId();
    TestWorker alpha = TestWorker.register("alpha:7070");
    alpha.completeMap(alpha.acquireNow()); // the job is RUNNING: its first claim took the lock to start it

    try (HeldJobLock held = new HeldJobLock(jobId)) {
      // Waiting for the lock would end in the call's deadline instead.
      List<TaskAssignment> maps = alpha.acquireUpTo(2, 0);
      assertThat(maps).extracting(TaskAssignment::getIndex).containsExactly(1, 2);
    }
  }

  @Test
  void aReduceClaimStillWaitsForTheJobsRowLock() throws Exception {
    String jobId = submit(1, storage.addFile("a.txt", 10, 10)).getId();
    TestWorker alpha = TestWorker.register("alpha:7070");
    alpha.completeMap(alpha.acquireNow());

    CompletableFuture<TaskAssignment> reduce;
    try (HeldJobLock held = new HeldJobLock(jobId)) {
      reduce = CompletableFuture.supplyAsync(alpha::acquireNow, otherThreads);
      awaitALockWait();
      assertThat(reduce).isNotDone();
    }

    assertThat(reduce.get(20, TimeUnit.SECONDS).hasReduce()).isTrue();
  }

  @Test
  void cancellingWaitsForAMapClaimUnderWayAndKillsTheAttemptItMade() throws Exception {
    String jobId = submit(1, storage.addFile("a.txt", 30, 10)).getId();
    TestWorker alpha = TestWorker.register("alpha:7070");
    alpha.completeMap(alpha.acquireNow());
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<UUID> claim = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
      UUID attemptId = claimer.claim(UUID.fromString(alpha.id())).orElseThrow().attemptId();
      claimed.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> release.getCount() == 0);
      return attemptId;
    }), otherThreads);
    assertThat(claimed.await(20, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> cancel = CompletableFuture.runAsync(() ->
        jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build()), otherThreads);
    awaitALockWait();
    assertThat(cancel).isNotDone();
    release.countDown();
    UUID attemptId = claim.get(20, TimeUnit.SECONDS);
    cancel.get(20, TimeUnit.SECONDS);

    assertThat(jdbc.queryForObject("SELECT status FROM jobs.attempt WHERE id = ?", String.class, attemptId))
        .isEqualTo("KILLED");
    assertThat(alpha.acquire(0)).as("nothing of a cancelled job is handed out").isEmpty();
  }

  /** Waits until some session of the test database waits for a lock. */
  private void awaitALockWait() {
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        Long.class) > 0);
  }

  /** The job's row lock, as a completion holds it, held by a transaction on another thread until closed. */
  private final class HeldJobLock implements AutoCloseable {
    private final CountDownLatch locked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Void> holder;

    HeldJobLock(String jobId) throws InterruptedException {
      holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
        jobRepository.lockById(UUID.fromString(jobId)).orElseThrow();
        locked.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
      }), otherThreads);
      assertThat(locked.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() throws Exception {
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
    }
  }
}
