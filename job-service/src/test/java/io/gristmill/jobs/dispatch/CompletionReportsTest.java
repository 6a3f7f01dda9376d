package io.gristmill.jobs.dispatch;

import static io.gristmill.jobs.dispatch.JobLifecycleTest.progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CompletionReportsTest extends IntegrationTest {

  @Test
  void aRepeatedCompletionIsAcknowledgedWithoutEffect() {
    Job submitted = submit(1, storage.addFile("empty.txt", 0, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment reduce = worker.acquireNow();

    assertThat(worker.complete(reduce.getAttemptId(), "part-r-00000")).isTrue();
    assertThat(worker.complete(reduce.getAttemptId(), "part-r-00000-again")).isFalse();

    Job done = job(submitted.getId());
    assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(done.getOutputFileIdsList()).containsExactly("part-r-00000");
  }

  @Test
  void aCompletionFromAnotherWorkerHasNoEffect() {
    Job submitted = submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker owner = TestWorker.register("alpha:7070");
    TestWorker intruder = TestWorker.register("beta:7070");
    TaskAssignment map = owner.acquireNow();

    assertThat(intruder.completeMap(map)).isFalse();

    assertThat(job(submitted.getId()).getMapProgress()).isEqualTo(progress(1, 0, 1, 0));
    assertThat(owner.completeMap(map)).isTrue();
  }

  @Test
  void aCompletionArrivingAfterTheAttemptFailedHasNoEffect() {
    Job submitted = submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment lost = worker.acquireNow();
    worker.fail(lost.getAttemptId(), "timed out");

    assertThat(worker.completeMap(lost)).isFalse();

    assertThat(job(submitted.getId()).getMapProgress()).isEqualTo(progress(1, 0, 0, 0));
    pastRetryBackoff();
    TaskAssignment retry = worker.acquireNow();
    assertThat(retry.getIndex()).isZero();
    assertThat(worker.completeMap(retry)).isTrue();
  }

  @Test
  void aFailureReportAfterTheCommitLeavesTheTaskCommitted() {
    Job submitted = submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment map = worker.acquireNow();
    assertThat(worker.completeMap(map)).isTrue();

    worker.fail(map.getAttemptId(), "late failure");

    assertThat(job(submitted.getId()).getMapProgress()).isEqualTo(progress(1, 1, 0, 0));
    assertThat(jdbc.queryForObject("SELECT status FROM jobs.attempt WHERE id = ?::uuid", String.class,
        map.getAttemptId())).isEqualTo("SUCCEEDED");
  }

  @Test
  void aCompletionOfAnUnknownAttemptHasNoEffect() {
    TestWorker worker = TestWorker.register("alpha:7070");

    assertThat(worker.complete(UUID.randomUUID().toString(), "")).isFalse();
  }

  @Test
  void rejectsAReduceCompletionWithoutItsOutput() {
    Job submitted = submit(1, storage.addFile("empty.txt", 0, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment reduce = worker.acquireNow();

    assertThatThrownBy(() -> worker.complete(reduce.getAttemptId(), ""))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("reduce attempt " + reduce.getAttemptId() + " must report its output_file_id");
        });
    assertThat(job(submitted.getId()).getReduceProgress()).isEqualTo(progress(1, 0, 1, 0));
  }

  @Test
  void rejectsAMalformedAttemptId() {
    TestWorker worker = TestWorker.register("alpha:7070");

    assertThatThrownBy(() -> worker.complete("attempt-1", ""))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("attempt id 'attempt-1' is not a valid UUID");
        });
  }
}
