package io.gristmill.jobs.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** Three failed attempts, six lost ones. */
  private static final AttemptLimit LIMIT = new AttemptLimit(3, 6);

  private static Task map() {
    return Task.map(UUID.randomUUID(), 7, new MapSplit("f1", "a.txt", 0, 10, 10, List.of("node-1")));
  }

  @Test
  void allowsOnlyTheDocumentedTaskTransitions() {
    assertThat(TaskStatus.PENDING.next()).containsExactly(TaskStatus.RUNNING);
    assertThat(TaskStatus.RUNNING.next())
        .containsExactlyInAnyOrder(TaskStatus.SUCCEEDED, TaskStatus.PENDING, TaskStatus.FAILED);
    assertThat(TaskStatus.SUCCEEDED.next()).containsExactly(TaskStatus.PENDING);
    assertThat(TaskStatus.FAILED.next()).isEmpty();
    assertThatThrownBy(() -> TaskStatus.PENDING.moveTo(TaskStatus.SUCCEEDED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task cannot move from PENDING to SUCCEEDED");
  }

  @Test
  void allowsOnlyTheDocumentedAttemptTransitions() {
    assertThat(AttemptStatus.RUNNING.next()).containsExactlyInAnyOrder(AttemptStatus.SUCCEEDED,
        AttemptStatus.FAILED, AttemptStatus.KILLED, AttemptStatus.LOST);
    assertThat(AttemptStatus.SUCCEEDED.next()).containsExactly(AttemptStatus.LOST);
    assertThat(AttemptStatus.FAILED.next()).isEmpty();
    assertThat(AttemptStatus.KILLED.next()).isEmpty();
    assertThat(AttemptStatus.LOST.next()).isEmpty();
  }

  @Test
  void requeuesAFailedAttemptAfterItsBackoffUntilTheLimit() {
    Task task = map();

    task.claimed();
    task.attemptFailed(LIMIT, false, T0.plusSeconds(1));
    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task.notBefore()).contains(T0.plusSeconds(1));
    task.claimed();
    assertThat(task.notBefore()).isEmpty();
    task.attemptFailed(LIMIT, false, T0.plusSeconds(2));
    task.claimed();
    task.attemptFailed(LIMIT, false, T0.plusSeconds(4));

    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.attempts()).isEqualTo(3);
    assertThat(task.failureReason("boom")).isEqualTo("map task 7 failed after 3 attempts: boom");
  }

  @Test
  void lostAttemptsDoNotUseUpTheAttemptLimitButHaveABoundOfTheirOwn() {
    Task task = map();
    for (int i = 1; i <= 5; i++) {
      task.claimed();
      task.attemptLost(LIMIT, false);
      assertThat(task.status()).as("after %d lost attempts", i).isEqualTo(TaskStatus.PENDING);
    }
    task.claimed();
    task.attemptFailed(LIMIT, false, T0);
    assertThat(task.status()).as("one failure after five losses").isEqualTo(TaskStatus.PENDING);
    task.claimed();
    task.attemptLost(LIMIT, false);

    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.lostReason("worker w died")).isEqualTo("map task 7 was lost 6 times with its workers: worker w died");
  }

  @Test
  void aTaskWithAnotherAttemptRunningStaysRunningWhenOneFailsOrIsLost() {
    Task task = map();
    task.claimed();
    task.backupClaimed();

    task.attemptLost(LIMIT, true);
    assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
    task.attemptFailed(LIMIT, false, T0);
    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task.attempts()).isEqualTo(2);
  }

  @Test
  void aFetchFailureOfAReduceDoesNotCount() {
    Task task = Task.reduce(UUID.randomUUID(), 1);
    for (int i = 0; i < 10; i++) {
      task.claimed();
      task.attemptFailedToFetch(false);
    }

    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task.failedAttempts()).isZero();
    assertThat(task.notBefore()).as("no backoff: the reduce was not at fault").isEmpty();
  }

  @Test
  void aMapWhoseOutputIsLostRunsAgain() {
    Task task = map();
    UUID attempt = UUID.randomUUID();
    task.claimed();
    task.succeeded(attempt, null);

    task.outputLost();

    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task.succeededAttemptId()).isEmpty();
    assertThat(task.split().orElseThrow().replicaHosts()).containsExactly("node-1");
    assertThatThrownBy(() -> Task.reduce(UUID.randomUUID(), 0).outputLost())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onlyARunningTaskGetsABackup() {
    Task task = map();

    assertThatThrownBy(task::backupClaimed).isInstanceOf(IllegalStateException.class)
        .hasMessage("only a RUNNING task gets a backup attempt, not a PENDING one");
  }

  @Test
  void aCommittedTaskRemembersItsWinningAttemptAndOutput() {
    Task task = Task.reduce(UUID.randomUUID(), 2);
    UUID attempt = UUID.randomUUID();
    task.claimed();

    task.succeeded(attempt, "part-r-00002");

    assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task.succeededAttemptId()).contains(attempt);
    assertThat(task.outputFileId()).contains("part-r-00002");
    assertThat(task.split()).isEmpty();
  }

  @Test
  void aTaskCannotBeClaimedTwiceAtOnce() {
    Task task = map();
    task.claimed();

    assertThatThrownBy(task::claimed).isInstanceOf(IllegalStateException.class)
        .hasMessage("task cannot move from RUNNING to RUNNING");
  }

  @Test
  void anAttemptIsReportedOnOnlyOnceAndOnlyByItsWorker() {
    UUID worker = UUID.randomUUID();
    Attempt attempt = Attempt.start(UUID.randomUUID(), worker, T0, T0.plusSeconds(10));
    assertThat(attempt.isRunningOn(worker)).isTrue();
    assertThat(attempt.isRunningOn(UUID.randomUUID())).isFalse();

    attempt.succeeded(Map.of("map.input.records", 3L), null, T0.plusSeconds(2), WorkerTimes.UNKNOWN);

    assertThat(attempt.isRunningOn(worker)).isFalse();
    assertThat(attempt.counters()).isEqualTo(Map.of("map.input.records", 3L));
    assertThatThrownBy(() -> attempt.failed("late", "", T0.plusSeconds(3), WorkerTimes.UNKNOWN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("attempt cannot move from SUCCEEDED to FAILED");
  }

  @Test
  void anAttemptShowsTheWorkersTimesWhenReportedElseTheServers() {
    Attempt reported = Attempt.start(UUID.randomUUID(), UUID.randomUUID(), T0, T0.plusSeconds(10));
    Attempt silent = Attempt.start(UUID.randomUUID(), UUID.randomUUID(), T0, T0.plusSeconds(10));

    reported.succeeded(Map.of(), null, T0.plusSeconds(5), new WorkerTimes(
        java.util.Optional.of(T0.plusMillis(40)), java.util.Optional.of(T0.plusMillis(4900))));
    silent.succeeded(Map.of(), null, T0.plusSeconds(5), WorkerTimes.UNKNOWN);

    assertThat(reported.shownStartedAt()).isEqualTo(T0.plusMillis(40));
    assertThat(reported.shownFinishedAt()).contains(T0.plusMillis(4900));
    assertThat(silent.shownStartedAt()).isEqualTo(T0);
    assertThat(silent.shownFinishedAt()).contains(T0.plusSeconds(5));
  }

  @Test
  void theAttemptLimitMustAllowOneAttempt() {
    assertThatThrownBy(() -> new AttemptLimit(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, got 0");
    assertThat(new AttemptLimit(1, 1).afterFailure(1, false)).isEqualTo(TaskStatus.FAILED);
    assertThat(new AttemptLimit(1, 1).afterFailure(1, true)).as("the limit wins over a running backup")
        .isEqualTo(TaskStatus.FAILED);
  }
}
