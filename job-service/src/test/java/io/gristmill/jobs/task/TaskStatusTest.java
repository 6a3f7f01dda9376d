package io.gristmill.jobs.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final AttemptLimit THREE = new AttemptLimit(3);

  private static Task map() {
    return Task.map(UUID.randomUUID(), 7, new MapSplit("f1", "a.txt", 0, 10, 10));
  }

  @Test
  void allowsOnlyTheDocumentedTaskTransitions() {
    assertThat(TaskStatus.PENDING.next()).containsExactly(TaskStatus.RUNNING);
    assertThat(TaskStatus.RUNNING.next())
        .containsExactlyInAnyOrder(TaskStatus.SUCCEEDED, TaskStatus.PENDING, TaskStatus.FAILED);
    assertThat(TaskStatus.SUCCEEDED.next()).isEmpty();
    assertThat(TaskStatus.FAILED.next()).isEmpty();
    assertThatThrownBy(() -> TaskStatus.PENDING.moveTo(TaskStatus.SUCCEEDED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task cannot move from PENDING to SUCCEEDED");
  }

  @Test
  void allowsOnlyTheDocumentedAttemptTransitions() {
    assertThat(AttemptStatus.RUNNING.next()).containsExactlyInAnyOrder(AttemptStatus.SUCCEEDED, AttemptStatus.FAILED);
    assertThat(AttemptStatus.SUCCEEDED.next()).isEmpty();
    assertThat(AttemptStatus.FAILED.next()).isEmpty();
  }

  @Test
  void requeuesAFailedAttemptUntilTheLimit() {
    Task task = map();

    task.claimed();
    task.attemptFailed(THREE);
    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    task.claimed();
    task.attemptFailed(THREE);
    assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
    task.claimed();
    task.attemptFailed(THREE);

    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.attempts()).isEqualTo(3);
    assertThat(task.failureReason("boom")).isEqualTo("map task 7 failed after 3 attempts: boom");
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
    assertThat(task.failureReason("x")).isEqualTo("reduce task 2 failed after 1 attempts: x");
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
    Attempt attempt = Attempt.start(UUID.randomUUID(), worker, T0);
    assertThat(attempt.isRunningOn(worker)).isTrue();
    assertThat(attempt.isRunningOn(UUID.randomUUID())).isFalse();

    attempt.succeeded(Map.of("map.input.records", 3L), null, T0.plusSeconds(2));

    assertThat(attempt.isRunningOn(worker)).isFalse();
    assertThat(attempt.counters()).isEqualTo(Map.of("map.input.records", 3L));
    assertThatThrownBy(() -> attempt.failed("late", "", T0.plusSeconds(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("attempt cannot move from SUCCEEDED to FAILED");
  }

  @Test
  void theAttemptLimitMustAllowOneAttempt() {
    assertThatThrownBy(() -> new AttemptLimit(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, got 0");
    assertThat(new AttemptLimit(1).afterFailedAttempt(1)).isEqualTo(TaskStatus.FAILED);
  }
}
