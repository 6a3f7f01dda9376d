package io.gristmill.jobs.dispatch;

import static io.gristmill.jobs.dispatch.JobLifecycleTest.progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CompleteAttempts: several completions of one worker applied in one transaction, each as CompleteAttempt would. */
class CompletionBatchTest extends IntegrationTest {

  @Test
  void aBatchCommitsEveryTaskItNamesAndItsLastMapMakesTheReduceRunnable() {
    Job submitted = submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment first = worker.acquireNow();
    TaskAssignment second = worker.acquireNow();
    TaskAssignment third = worker.acquireNow();

    assertThat(worker.completeAll(third, first, second)).containsExactly(true, true, true);

    assertThat(job(submitted.getId()).getMapProgress()).isEqualTo(progress(3, 3, 0, 0));
    TaskAssignment reduce = worker.acquireNow();
    assertThat(reduce.getKind()).isEqualTo(TaskKind.TASK_KIND_REDUCE);
    assertThat(reduce.getReduce().getMapOutputsList()).extracting(m -> m.getAttemptId())
        .containsExactly(first.getAttemptId(), second.getAttemptId(), third.getAttemptId());
    assertThat(worker.completeAll(reduce)).containsExactly(true);
    Job done = job(submitted.getId());
    assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(done.getOutputFileIdsList()).containsExactly("out-0");
  }

  @Test
  void aRepeatedBatchIsAcknowledgedWithoutEffect() {
    Job submitted = submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment first = worker.acquireNow();
    TaskAssignment second = worker.acquireNow();
    assertThat(worker.completeAll(first, second)).containsExactly(true, true);

    assertThat(worker.completeAll(first, second)).containsExactly(false, false);

    assertThat(job(submitted.getId()).getMapProgress()).isEqualTo(progress(3, 2, 0, 0));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs.attempt WHERE status = 'SUCCEEDED'", Long.class))
        .isEqualTo(2);
  }

  @Test
  void answersEachItemInOrderAndCommitsOnlyWhatCompleteAttemptWould() {
    Job submitted = submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker owner = TestWorker.register("alpha:7070");
    TestWorker other = TestWorker.register("beta:7070");
    TaskAssignment mine = owner.acquireNow();
    TaskAssignment theirs = other.acquireNow();
    TaskAssignment failed = owner.acquireNow();
    owner.fail(failed.getAttemptId(), "boom");
    TaskAssignment unknown = mine.toBuilder().setAttemptId(UUID.randomUUID().toString()).build();

    List<Boolean> accepted = owner.completeAll(List.of(owner.completion(unknown), owner.completion(mine),
        owner.completion(failed), owner.completion(theirs),
        owner.completion(mine)));

    assertThat(accepted).containsExactly(false, true, false, false, false);
    assertThat(job(submitted.getId()).getMapProgress()).isEqualTo(progress(3, 1, 1, 0));
    assertThat(other.completeMap(theirs)).isTrue();
  }

  @Test
  void aBatchWithAnInvalidItemCommitsNothing() {
    Job reduceOnly = submit(1, storage.addFile("empty.txt", 0, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment reduce = worker.acquireNow();
    Job mapped = submit(1, storage.addFile("a.txt", 10, 100));
    TaskAssignment map = worker.acquireNow();
    assertThat(map.getKind()).isEqualTo(TaskKind.TASK_KIND_MAP);

    assertThatThrownBy(() -> worker.completeAll(List.of(worker.completion(map),
            worker.completion(reduce).toBuilder().clearOutputFileId().build())))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

    assertThat(job(mapped.getId()).getMapProgress()).as("the valid item was rolled back")
        .isEqualTo(progress(1, 0, 1, 0));
    assertThat(job(reduceOnly.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
    assertThat(worker.completeAll(map, reduce)).containsExactly(true, true);
  }

  @Test
  void refusesABatchWithAnotherWorkersItem() {
    submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker owner = TestWorker.register("alpha:7070");
    TestWorker other = TestWorker.register("beta:7070");
    TaskAssignment map = owner.acquireNow();

    assertThatThrownBy(() -> other.completeAll(List.of(owner.completion(map))))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> owner.completeAll(List.of()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(owner.completeAll(map)).containsExactly(true);
  }
}
