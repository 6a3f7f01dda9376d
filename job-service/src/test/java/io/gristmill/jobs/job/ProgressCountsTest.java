package io.gristmill.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.Progress;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * GetJob reads a job's progress and counters from counts kept as its tasks change ({@code task_progress},
 * {@code job_counter}); after every kind of change they equal what counting the task and attempt rows gives.
 */
class ProgressCountsTest extends IntegrationTest {

  @Test
  void progressAndCountersEqualACountOfTheRowsThroughClaimsCompletionsFailuresRerunsAndCancel() {
    String jobId = submit(2, storage.addFile("a.txt", 40, 10)).getId();
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    assertCountsMatchTheRows(jobId);

    List<TaskAssignment> claimed = alpha.acquireUpTo(3, 0);
    assertThat(claimed).hasSize(3);
    assertCountsMatchTheRows(jobId);

    assertThat(alpha.completeAll(List.of(withCounters(alpha, claimed.get(0), Map.of("records", 5L, "bytes", 10L)))))
        .containsExactly(true);
    assertCountsMatchTheRows(jobId);
    assertThat(job(jobId).getCountersMap()).containsExactlyInAnyOrderEntriesOf(Map.of("records", 5L, "bytes", 10L));

    alpha.fail(claimed.get(1).getAttemptId(), "boom");
    assertCountsMatchTheRows(jobId);

    // Alpha leaves: its running map is lost and its committed map, whose output was on its disk, runs again, so
    // no committed attempt reports a counter any more.
    alpha.leave();
    assertCountsMatchTheRows(jobId);
    assertThat(job(jobId).getCountersMap()).isEmpty();

    pastRetryBackoff();
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      TaskAssignment map = beta.acquireNow();
      assertThat(map.hasMap()).isTrue();
      Map<String, Long> counters = Map.of("records", 1L + map.getIndex(), "map" + map.getIndex(), 1L);
      counters.forEach((name, value) -> expected.merge(name, value, Long::sum));
      assertThat(beta.completeAll(List.of(withCounters(beta, map, counters)))).containsExactly(true);
      assertCountsMatchTheRows(jobId);
    }
    assertThat(job(jobId).getCountersMap()).containsExactlyInAnyOrderEntriesOf(expected);

    TaskAssignment reduce = beta.acquireNow();
    assertThat(beta.complete(reduce)).isTrue();
    assertThat(beta.acquireNow().hasReduce()).isTrue();
    assertCountsMatchTheRows(jobId);

    jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build());
    assertThat(job(jobId).getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
    assertCountsMatchTheRows(jobId);
  }

  @Test
  void aReduceRerunAfterFetchFailuresIsCountedInItsNewStatus() {
    String jobId = submit(1, storage.addFile("a.txt", 10, 10)).getId();
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TaskAssignment map = alpha.acquireNow();
    alpha.completeMap(map);
    beta.failToFetch(beta.acquireNow(), Map.of(0, map.getAttemptId()));
    alpha.failToFetch(alpha.acquireNow(), Map.of(0, map.getAttemptId()));
    assertCountsMatchTheRows(jobId);

    TaskAssignment rerun = beta.acquireNow();
    assertThat(beta.completeMap(rerun)).isTrue();
    assertThat(beta.complete(beta.acquireNow())).isTrue();

    Job done = job(jobId);
    assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertCountsMatchTheRows(jobId);
    assertThat(done.getCountersMap()).containsExactly(Map.entry("records", 14L));
  }

  @Test
  void aTaskThatUsedUpItsAttemptsIsCountedFailed() {
    String jobId = submit(1, storage.addFile("a.txt", 10, 10)).getId();
    TestWorker alpha = TestWorker.register("alpha:7070");
    for (int attempt = 1; attempt <= 3; attempt++) {
      alpha.fail(alpha.acquireNow().getAttemptId(), "boom " + attempt);
      assertCountsMatchTheRows(jobId);
      pastRetryBackoff();
    }

    Job failed = job(jobId);
    assertThat(failed.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
    assertThat(failed.getMapProgress().getFailed()).isEqualTo(1);
  }

  private static CompleteAttemptRequest withCounters(TestWorker worker, TaskAssignment map,
      Map<String, Long> counters) {
    return worker.completion(map).toBuilder().clearCounters().putAllCounters(counters).build();
  }

  /** GetJob's progress and counters against the task and attempt rows counted and summed afresh. */
  private void assertCountsMatchTheRows(String jobId) {
    Job job = job(jobId);
    assertThat(job.getMapProgress()).isEqualTo(progressFromRows(jobId, "MAP"));
    assertThat(job.getReduceProgress()).isEqualTo(progressFromRows(jobId, "REDUCE"));
    assertThat(job.getCountersMap()).isEqualTo(countersFromRows(jobId));
  }

  private Progress progressFromRows(String jobId, String kind) {
    Map<String, Integer> byStatus = new HashMap<>();
    jdbc.query("SELECT status, count(*) FROM jobs.task WHERE job_id = ?::uuid AND kind = ? GROUP BY status",
        row -> {
          byStatus.put(row.getString(1), row.getInt(2));
        }, jobId, kind);
    return Progress.newBuilder()
        .setTotal(byStatus.values().stream().mapToInt(Integer::intValue).sum())
        .setSucceeded(byStatus.getOrDefault("SUCCEEDED", 0))
        .setRunning(byStatus.getOrDefault("RUNNING", 0))
        .setFailed(byStatus.getOrDefault("FAILED", 0))
        .build();
  }

  private Map<String, Long> countersFromRows(String jobId) {
    Map<String, Long> sums = new TreeMap<>();
    jdbc.query("""
        SELECT c.name, sum(c.value) FROM jobs.attempt_counter c
          JOIN jobs.task t ON t.succeeded_attempt_id = c.attempt_id
        WHERE t.job_id = ?::uuid GROUP BY c.name""", row -> {
      sums.put(row.getString(1), row.getLong(2));
    }, jobId);
    return sums;
  }
}
