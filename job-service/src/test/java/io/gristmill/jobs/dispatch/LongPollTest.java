package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The suite runs with the default acquire-max-wait of 10 s, far longer than any wake-up asserted here. */
class LongPollTest extends IntegrationTest {

  private static final long WAIT_MILLIS = 60_000;

  @Test
  void aWaitingPollGetsATaskSubmittedMeanwhile() throws Exception {
    TestWorker worker = TestWorker.register("alpha:7070");
    CompletableFuture<Optional<TaskAssignment>> poll = CompletableFuture.supplyAsync(() -> worker.acquire(WAIT_MILLIS));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());

    long submittedAt = System.nanoTime();
    Job job = submit(1, storage.addFile("a.txt", 10, 100));

    Optional<TaskAssignment> assignment = poll.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - submittedAt)).isLessThan(Duration.ofSeconds(5));
    assertThat(assignment).get().extracting(TaskAssignment::getJobId).isEqualTo(job.getId());
  }

  @Test
  void aWaitingPollGetsTheReduceWhenTheLastMapCommits() throws Exception {
    submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker mapper = TestWorker.register("alpha:7070");
    TestWorker reducer = TestWorker.register("beta:7070");
    TaskAssignment map = mapper.acquireNow();
    CompletableFuture<Optional<TaskAssignment>> poll =
        CompletableFuture.supplyAsync(() -> reducer.acquire(WAIT_MILLIS));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());

    assertThat(mapper.completeMap(map)).isTrue();

    assertThat(poll.get(5, TimeUnit.SECONDS)).get().extracting(TaskAssignment::getKind)
        .isEqualTo(TaskKind.TASK_KIND_REDUCE);
  }

  @Test
  void aWaitingPollGetsATaskRequeuedByAFailure() throws Exception {
    submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker first = TestWorker.register("alpha:7070");
    TestWorker second = TestWorker.register("beta:7070");
    TaskAssignment map = first.acquireNow();
    CompletableFuture<Optional<TaskAssignment>> poll =
        CompletableFuture.supplyAsync(() -> second.acquire(WAIT_MILLIS));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());

    first.fail(map.getAttemptId(), "worker lost its disk");

    assertThat(poll.get(5, TimeUnit.SECONDS)).get().extracting(TaskAssignment::getTaskId)
        .isEqualTo(map.getTaskId());
  }

  @Test
  void aPollWithNothingToDoAnswersEmptyAfterItsWait() {
    TestWorker worker = TestWorker.register("alpha:7070");
    long start = System.nanoTime();

    assertThat(worker.acquire(200)).isEmpty();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }
}
