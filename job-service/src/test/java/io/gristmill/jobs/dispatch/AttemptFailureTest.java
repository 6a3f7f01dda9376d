package io.gristmill.jobs.dispatch;

import static io.gristmill.jobs.dispatch.JobLifecycleTest.progress;
import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import org.junit.jupiter.api.Test;

/** The suite runs with gristmill.jobs.max-attempts=3. */
class AttemptFailureTest extends IntegrationTest {

  @Test
  void requeuesAFailedMapUntilTheLimitThenFailsTheJob() {
    Job submitted = submit(1, storage.addFile("a.txt", 150, 100));
    TestWorker worker = TestWorker.register("alpha:7070");

    TaskAssignment first = worker.acquireNow();
    assertThat(first.getIndex()).isZero();
    worker.fail(first.getAttemptId(), "boom 1");
    Job afterOne = job(submitted.getId());
    assertThat(afterOne.getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
    assertThat(afterOne.getMapProgress()).isEqualTo(progress(2, 0, 0, 0));

    pastRetryBackoff();
    TaskAssignment second = worker.acquireNow();
    assertThat(second.getIndex()).as("the requeued task comes before later ones").isZero();
    assertThat(second.getAttemptId()).isNotEqualTo(first.getAttemptId());
    worker.fail(second.getAttemptId(), "boom 2");
    pastRetryBackoff();
    TaskAssignment third = worker.acquireNow();
    assertThat(third.getIndex()).isZero();
    worker.fail(third.getAttemptId(), "boom 3");

    Job failed = job(submitted.getId());
    assertThat(failed.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
    assertThat(failed.getError()).isEqualTo("map task 0 failed after 3 attempts: boom 3");
    assertThat(failed.getMapProgress()).isEqualTo(progress(2, 0, 0, 1));
    assertThat(failed.hasFinishedAt()).isTrue();
    assertThat(worker.acquire(0)).as("a failed job's tasks are not handed out").isEmpty();
    assertThat(jdbc.queryForList("""
        SELECT status || ':' || error || ':' || stack_trace FROM jobs.attempt WHERE id = ?::uuid""", String.class,
        third.getAttemptId())).containsExactly(
            "FAILED:boom 3:java.lang.RuntimeException: boom 3\n\tat Mapper.map(Mapper.java:1)");
  }

  @Test
  void failsTheJobWithTheReduceThatRanOutOfAttempts() {
    Job submitted = submit(2, storage.addFile("empty.txt", 0, 100));
    TestWorker worker = TestWorker.register("alpha:7070");

    for (int attempt = 1; attempt <= 3; attempt++) {
      pastRetryBackoff();
      TaskAssignment reduce = worker.acquireNow();
      assertThat(reduce.getKind()).isEqualTo(TaskKind.TASK_KIND_REDUCE);
      assertThat(reduce.getIndex()).isZero();
      worker.fail(reduce.getAttemptId(), "disk full");
    }

    assertThat(job(submitted.getId()).getError()).isEqualTo("reduce task 0 failed after 3 attempts: disk full");
  }

  @Test
  void aRunningAttemptOfAFailedJobCannotCommit() {
    Job submitted = submit(1, storage.addFile("a.txt", 150, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment other = worker.acquireNow();
    for (int attempt = 1; attempt <= 3; attempt++) {
      pastRetryBackoff();
      worker.fail(worker.acquireNow().getAttemptId(), "boom");
    }
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);

    assertThat(worker.completeMap(other)).isFalse();
    assertThat(job(submitted.getId()).getMapProgress()).isEqualTo(progress(2, 0, 1, 1));
  }

  @Test
  void aFailedTaskWaitsForItsBackoffAndPrefersAWorkerItHasNotFailedOn() {
    Job submitted = submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment first = alpha.acquireNow();
    alpha.fail(first.getAttemptId(), "boom");

    TestWorker beta = TestWorker.register("beta:7070");
    assertThat(alpha.acquire(0)).as("backing off").isEmpty();
    assertThat(beta.acquire(0)).as("backing off").isEmpty();
    pastRetryBackoff();
    assertThat(alpha.acquire(0)).as("beta, alive, has not failed it").isEmpty();
    TaskAssignment retry = beta.acquireNow();

    assertThat(retry.getTaskId()).isEqualTo(first.getTaskId());
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
  }
}
