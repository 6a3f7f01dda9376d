package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reducers that cannot read a map output; fetch-failures-before-rerun is 2, max-attempts 3. */
class FetchFailureTest extends IntegrationTest {

  @Test
  void rerunsAMapAfterTwoReduceAttemptsCouldNotFetchItsOutput() {
    Job submitted = submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TaskAssignment map = alpha.acquireNow();
    alpha.completeMap(map);

    TaskAssignment first = beta.acquireNow();
    beta.failToFetch(first, Map.of(0, map.getAttemptId()));
    assertThat(mapStatus(map)).as("one report may be the reducer's own trouble").isEqualTo("SUCCEEDED");
    assertThat(beta.acquire(0)).as("alpha, alive, has not failed the reduce").isEmpty();
    TaskAssignment second = alpha.acquireNow();
    assertThat(second.getKind()).as("runnable again at once: no backoff for a fetch failure")
        .isEqualTo(TaskKind.TASK_KIND_REDUCE);
    alpha.failToFetch(second, Map.of(0, map.getAttemptId()));

    assertThat(mapStatus(map)).isEqualTo("LOST");
    TaskAssignment rerun = beta.acquireNow();
    assertThat(rerun.getKind()).isEqualTo(TaskKind.TASK_KIND_MAP);
    assertThat(beta.completeMap(rerun)).isTrue();
    TaskAssignment third = beta.acquireNow();
    assertThat(third.getReduce().getMapOutputs(0).getAttemptId()).isEqualTo(rerun.getAttemptId());
    assertThat(beta.complete(third)).isTrue();
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
  }

  @Test
  void fetchFailuresDoNotUseUpTheReducesAttempts() {
    Job submitted = submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    for (int i = 0; i < 4; i++) {
      TaskAssignment map = alpha.acquireNow();
      assertThat(map.getKind()).isEqualTo(TaskKind.TASK_KIND_MAP);
      alpha.completeMap(map);
      alpha.failToFetch(alpha.acquireNow(), Map.of(0, map.getAttemptId()));
      alpha.failToFetch(alpha.acquireNow(), Map.of(0, map.getAttemptId()));
    }

    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
    assertThat(jdbc.queryForObject("SELECT failed_attempts FROM jobs.task WHERE kind = 'REDUCE'", Integer.class))
        .isZero();
  }

  @Test
  void aLeavingWorkersMapsRunAgainWithoutWaitingForReports() {
    submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TaskAssignment map = alpha.acquireNow();
    alpha.completeMap(map);
    TaskAssignment reduce = beta.acquireNow();
    // A reduce is not done yet, so leaving takes alpha's committed map output with it.
    alpha.leave();
    assertThat(mapStatus(map)).isEqualTo("LOST");

    beta.failToFetch(reduce, Map.of(0, map.getAttemptId()));

    assertThat(beta.acquireNow().getKind()).isEqualTo(TaskKind.TASK_KIND_MAP);
  }

  @Test
  void aReportAgainstAnOutputNoLongerCommittedChangesNothing() {
    submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment map = alpha.acquireNow();
    alpha.completeMap(map);
    TaskAssignment reduce = alpha.acquireNow();

    alpha.failToFetch(reduce, Map.of(0, "00000000-0000-0000-0000-000000000001"));

    assertThat(mapStatus(map)).isEqualTo("SUCCEEDED");
    assertThat(alpha.acquireNow().getKind()).isEqualTo(TaskKind.TASK_KIND_REDUCE);
  }

  private String mapStatus(TaskAssignment map) {
    return jdbc.queryForObject("SELECT status FROM jobs.attempt WHERE id = ?::uuid", String.class,
        map.getAttemptId());
  }
}
