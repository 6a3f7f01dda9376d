package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.ListTasksRequest;
import io.gristmill.contracts.job.v1.Task;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reduce outputs are uploaded under their attempt's temporary name and committed by renaming the first accepted
 * attempt's file to {@code job-<id>/part-r-NNNNN}, before the task counts as succeeded.
 */
class OutputCommitTest extends IntegrationTest {

  @Test
  void theCommittedAttemptsOutputGetsItsFinalNameAndALaterAttemptsOutputKeepsItsTemporaryName() {
    // An empty input: no maps, both reduces runnable at once.
    Job submitted = submit(2, storage.addFile("empty.txt", 0, 100));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TestWorker gamma = TestWorker.register("gamma:7070");
    TaskAssignment fast = alpha.acquireNow();
    TaskAssignment slow = beta.acquireNow();
    String fastOutput = storage.addOutput(temporaryName(submitted, fast));
    clock.advance(Duration.ofSeconds(2));
    assertThat(alpha.complete(fast.getAttemptId(), fastOutput)).isTrue();
    clock.advance(Duration.ofSeconds(10));
    TaskAssignment backup = gamma.acquireNow();
    assertThat(backup.getTaskId()).isEqualTo(slow.getTaskId());
    String backupOutput = storage.addOutput(temporaryName(submitted, backup));
    String slowOutput = storage.addOutput(temporaryName(submitted, slow));

    assertThat(gamma.complete(backup.getAttemptId(), backupOutput)).isTrue();
    assertThat(beta.complete(slow.getAttemptId(), slowOutput)).as("the loser's late completion").isFalse();

    String prefix = "job-" + submitted.getId() + "/";
    assertThat(storage.name(fastOutput)).isEqualTo(prefix + String.format("part-r-%05d", fast.getIndex()));
    assertThat(storage.name(backupOutput)).isEqualTo(prefix + String.format("part-r-%05d", slow.getIndex()));
    assertThat(storage.name(slowOutput)).isEqualTo(temporaryName(submitted, slow));
    Job done = job(submitted.getId());
    assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(done.getOutputFileIdsList()).containsExactlyElementsOf(
        fast.getIndex() == 0 ? List.of(fastOutput, backupOutput) : List.of(backupOutput, fastOutput));
  }

  @Test
  void aReportWhoseRenameFailsCommitsNothingAndItsRetryRenamesAgain() {
    Job submitted = submit(1, storage.addFile("empty.txt", 0, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment reduce = worker.acquireNow();
    String output = storage.addOutput(temporaryName(submitted, reduce));

    storage.setAvailable(false);
    assertThatThrownBy(() -> worker.complete(reduce.getAttemptId(), output))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).isEqualTo("storage could not commit output file " + output
              + " of reduce attempt " + reduce.getAttemptId() + ": UNAVAILABLE");
        });
    assertThat(storage.name(output)).isEqualTo(temporaryName(submitted, reduce));
    assertNothingCommitted(submitted);

    // Renamed, but the reply is lost: the report fails again and still commits nothing.
    storage.setAvailable(true);
    storage.setRenameRepliesLost(true);
    assertThatThrownBy(() -> worker.complete(reduce.getAttemptId(), output))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertNothingCommitted(submitted);

    storage.setRenameRepliesLost(false);
    assertThat(worker.complete(reduce.getAttemptId(), output)).isTrue();
    assertThat(storage.name(output)).isEqualTo("job-" + submitted.getId() + "/part-r-00000");
    Job done = job(submitted.getId());
    assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(done.getOutputFileIdsList()).containsExactly(output);
  }

  @Test
  void aReportNamingAFileStorageDoesNotHoldAsAnOutputIsRefused() {
    Job submitted = submit(1, storage.addFile("empty.txt", 0, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment reduce = worker.acquireNow();
    String usersFile = storage.addFile("alice.txt", 10, 100);

    assertThatThrownBy(() -> worker.complete(reduce.getAttemptId(), usersFile))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("reduce attempt " + reduce.getAttemptId()
              + " reported output file " + usersFile + ", which storage does not hold as a job output");
        });

    assertThat(storage.name(usersFile)).isEqualTo("alice.txt");
    assertNothingCommitted(submitted);
  }

  private void assertNothingCommitted(Job submitted) {
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
    List<Task> tasks = jobs().listTasks(ListTasksRequest.newBuilder().setJobId(submitted.getId()).build())
        .getTasksList();
    assertThat(tasks).singleElement().satisfies(task -> {
      assertThat(task.getStatus()).isEqualTo("RUNNING");
      assertThat(task.getAttemptsList()).singleElement()
          .satisfies(attempt -> assertThat(attempt.getStatus()).isEqualTo("RUNNING"));
    });
  }

  /** The name a worker uploads a reduce attempt's output under. */
  private static String temporaryName(Job job, TaskAssignment reduce) {
    return String.format("job-%s/_temporary/%s/part-r-%05d", job.getId(), reduce.getAttemptId(), reduce.getIndex());
  }
}
