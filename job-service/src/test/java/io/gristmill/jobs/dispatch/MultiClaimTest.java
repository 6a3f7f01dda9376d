package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * AcquireTask with {@code max_assignments}: several tasks claimed in one call, each a running attempt with its own
 * lease (max-assignments-per-claim is 32 by default; the lease 10 s).
 */
class MultiClaimTest extends IntegrationTest {

  @Autowired
  private DeadWorkerDetector detector;

  @Test
  void claimsUpToTheAskedNumberOfTasksInIndexOrderInOneCall() {
    submit(1, storage.addFile("a.txt", 60, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");

    List<TaskAssignment> claimed = alpha.acquireUpTo(4, 0);

    assertThat(claimed).extracting(TaskAssignment::getIndex).containsExactly(0, 1, 2, 3);
    assertThat(claimed).extracting(TaskAssignment::getAttemptId).doesNotHaveDuplicates();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs.attempt WHERE status = 'RUNNING'", Long.class))
        .isEqualTo(4L);
    assertThat(alpha.acquireUpTo(4, 0)).extracting(TaskAssignment::getIndex).containsExactly(4, 5);
  }

  @Test
  void aWorkerAskingForOneGetsOneAsBefore() {
    submit(1, storage.addFile("a.txt", 60, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");

    assertThat(alpha.acquireUpTo(0, 0)).extracting(TaskAssignment::getIndex).containsExactly(0);
    assertThat(alpha.acquireUpTo(1, 0)).extracting(TaskAssignment::getIndex).containsExactly(1);
  }

  @Test
  void aClaimIsCappedAtTheConfiguredMaximum() {
    submit(1, storage.addFile("a.txt", 500, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");

    assertThat(alpha.acquireUpTo(100, 0)).hasSize(32);
  }

  @Test
  void aReduceIsNotClaimedTogetherWithTheMapsItWaitsFor() {
    submit(1, storage.addFile("a.txt", 20, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");

    List<TaskAssignment> maps = alpha.acquireUpTo(8, 0);

    assertThat(maps).extracting(TaskAssignment::getKind).containsExactly(TaskKind.TASK_KIND_MAP,
        TaskKind.TASK_KIND_MAP);
    assertThat(alpha.completeAll(maps.toArray(TaskAssignment[]::new))).containsExactly(true, true);
    List<TaskAssignment> reduce = alpha.acquireUpTo(8, 0);
    assertThat(reduce).extracting(TaskAssignment::getKind).containsExactly(TaskKind.TASK_KIND_REDUCE);
    assertThat(reduce.get(0).getReduce().getMapOutputsCount()).isEqualTo(2);
  }

  @Test
  void queuedAttemptsTheWorkerNoLongerListsAreLostWithTheirLeaseAndRunAgain() {
    submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    List<TaskAssignment> claimed = alpha.acquireUpTo(3, 0);

    // The worker lists the attempt it runs and the first one it queued, not the last (dropped on a drain timeout).
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(3));
      alpha.heartbeat(List.of(claimed.get(0).getAttemptId(), claimed.get(1).getAttemptId()));
      detector.run();
    }

    assertThat(attemptStatuses()).containsExactly("RUNNING", "RUNNING", "LOST");
    assertThat(alpha.acquireUpTo(3, 0)).extracting(TaskAssignment::getTaskId)
        .containsExactly(claimed.get(2).getTaskId());
    assertThat(alpha.completeAll(claimed.get(0), claimed.get(1), claimed.get(2))).containsExactly(true, true,
        false);
  }

  @Test
  void aDrainingWorkerGetsNothingHowEverManyItAsksFor() {
    submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    alpha.heartbeat(HeartbeatRequest.newBuilder().setDraining(true));

    assertThat(alpha.acquireUpTo(8, 0)).isEmpty();
  }

  @Test
  void aLeavingWorkersQueuedAttemptsAreRequeuedAtOnce() {
    submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    List<TaskAssignment> claimed = alpha.acquireUpTo(3, 0);

    alpha.leave();

    assertThat(attemptStatuses()).containsExactly("LOST", "LOST", "LOST");
    assertThat(beta.acquireUpTo(3, 0)).extracting(TaskAssignment::getTaskId)
        .containsExactlyElementsOf(claimed.stream().map(TaskAssignment::getTaskId).toList());
  }

  /** Statuses of the attempts, in the order of their tasks' indexes, first attempts only. */
  private List<String> attemptStatuses() {
    return jdbc.queryForList("""
        SELECT DISTINCT ON (t.task_index) a.status FROM jobs.attempt a JOIN jobs.task t ON t.id = a.task_id
        ORDER BY t.task_index, a.started_at""", String.class);
  }
}
