package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.Attempt;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.ListTasksRequest;
import io.gristmill.contracts.job.v1.Task;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Speculative execution with the defaults: min-runtime 10 s, slowness factor 2, 10 % of a job's tasks. */
class BackupTaskTest extends IntegrationTest {

  @Autowired
  private MeterRegistry meters;

  @Test
  void backupWinsAndLoserIsKilled() {
    Job submitted = submit(1, storage.addFile("a.txt", 20, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TestWorker gamma = TestWorker.register("gamma:7070");
    TaskAssignment fast = alpha.acquireNow();
    TaskAssignment slow = beta.acquireNow();
    double wonBefore = meters.get("gristmill.backups.won").counter().count();

    clock.advance(Duration.ofSeconds(2));
    alpha.completeMap(fast);
    clock.advance(Duration.ofSeconds(7));
    assertThat(gamma.acquire(0)).as("9 s is below the 10 s minimum runtime").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    TaskAssignment backup = gamma.acquireNow();

    assertThat(backup.getTaskId()).isEqualTo(slow.getTaskId());
    assertThat(backup.getAttemptId()).isNotEqualTo(slow.getAttemptId());
    assertThat(alpha.acquire(0)).as("one backup per task").isEmpty();
    assertThat(gamma.completeMap(backup)).isTrue();
    assertThat(beta.heartbeat(List.of(slow.getAttemptId())).getCancelAttemptIdsList())
        .containsExactly(slow.getAttemptId());
    assertThat(beta.completeMap(slow)).as("the loser's late completion is discarded").isFalse();
    assertThat(meters.get("gristmill.backups.won").counter().count()).isEqualTo(wonBefore + 1);
    List<Attempt> attempts = tasksOf(submitted).get(1).getAttemptsList();
    assertThat(attempts).extracting(Attempt::getId, Attempt::getStatus, Attempt::getBackup).containsExactly(
        org.assertj.core.groups.Tuple.tuple(slow.getAttemptId(), "KILLED", false),
        org.assertj.core.groups.Tuple.tuple(backup.getAttemptId(), "SUCCEEDED", true));
    TaskAssignment reduce = alpha.acquireNow();
    assertThat(reduce.getReduce().getMapOutputs(1).getShuffleAddress()).isEqualTo("gamma:7070");
  }

  @Test
  void noBackupStartsWhenTaskTimesAreEven() {
    Job submitted = submit(1, storage.addFile("a.txt", 40, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TestWorker idle = TestWorker.register("idle:7070");

    // Every map takes 12 s. The idle worker asks whenever no map is left to hand out.
    TaskAssignment m0 = alpha.acquireNow();
    TaskAssignment m1 = beta.acquireNow();
    clock.advance(Duration.ofSeconds(12));
    assertThat(alpha.completeMap(m0)).isTrue();
    assertThat(beta.completeMap(m1)).isTrue();
    TaskAssignment m2 = alpha.acquireNow();
    TaskAssignment m3 = beta.acquireNow();
    for (int second = 1; second <= 12; second++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(idle.acquire(0)).as("%d s into the last two maps", second).isEmpty();
    }
    assertThat(alpha.completeMap(m2)).isTrue();
    assertThat(idle.acquire(0)).isEmpty();
    assertThat(beta.completeMap(m3)).isTrue();
    TaskAssignment reduce = idle.acquireNow();
    assertThat(reduce.getKind()).isEqualTo(TaskKind.TASK_KIND_REDUCE);
    clock.advance(Duration.ofSeconds(30));
    assertThat(alpha.acquire(0)).as("no sibling reduce succeeded to compare with").isEmpty();
    assertThat(idle.complete(reduce)).isTrue();

    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(tasksOf(submitted)).allSatisfy(task -> assertThat(task.getAttemptsList()).singleElement()
        .satisfies(attempt -> assertThat(attempt.getBackup()).isFalse()));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs.attempt", Long.class)).isEqualTo(5L);
  }

  private static List<Task> tasksOf(Job job) {
    return jobs().listTasks(ListTasksRequest.newBuilder().setJobId(job.getId()).build()).getTasksList();
  }
}
