package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A claim and a completion of maps whose output stays on the worker commit without waiting for the disk; a
 * reduce's completion, and a map's whose output is a stored file, still wait. The test database runs with
 * synchronous_commit off for speed, so each transaction here first asks for the production default, on.
 */
class RecoverableCommitTest extends IntegrationTest {

  @Autowired
  TaskClaimer claimer;

  @Autowired
  AttemptReports reports;

  @Autowired
  TransactionTemplate transaction;

  @Test
  void aClaimsTransactionCommitsAsynchronously() {
    submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");

    String inClaim = transaction.execute(status -> {
      waitForTheDisk();
      assertThat(claimer.claim(UUID.fromString(worker.id()))).isPresent();
      return synchronousCommit();
    });

    assertThat(inClaim).isEqualTo("off");
  }

  @Test
  void aMapCompletionsTransactionCommitsAsynchronously() {
    submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment map = worker.acquireNow();

    assertThat(synchronousCommitOfCompleting(worker, map, "", "")).isEqualTo("off");
  }

  @Test
  void aReduceCompletionsTransactionWaitsForTheDisk() {
    submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    assertThat(worker.completeMap(worker.acquireNow())).isTrue();
    TaskAssignment reduce = worker.acquireNow();
    assertThat(reduce.hasReduce()).isTrue();

    assertThat(synchronousCommitOfCompleting(worker, reduce, "out-0", "")).isEqualTo("on");
  }

  @Test
  void aCompletionOfAMapStoredInTheBlobStoreWaitsForTheDisk() {
    jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(1).setOwner("alice")
        .addInputFileIds(storage.addFile("a.txt", 10, 100)).putParams("intermediate", "storage").build());
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment map = worker.acquireNow();

    assertThat(synchronousCommitOfCompleting(worker, map, "", "map-output-0")).isEqualTo("on");
  }

  /** Completes the assignment in a transaction that first asks for the production default, and reads it at the end. */
  private String synchronousCommitOfCompleting(TestWorker worker, TaskAssignment assignment, String outputFileId,
      String intermediateFileId) {
    return transaction.execute(status -> {
      waitForTheDisk();
      assertThat(reports.complete(UUID.fromString(worker.id()), new AttemptReports.Completion(
          UUID.fromString(assignment.getAttemptId()), outputFileId, intermediateFileId, Map.of(),
          new AttemptReports.Timing(0, 0)))).isTrue();
      return synchronousCommit();
    });
  }

  private void waitForTheDisk() {
    jdbc.execute("SET LOCAL synchronous_commit = on");
  }

  private String synchronousCommit() {
    return jdbc.queryForObject("SHOW synchronous_commit", String.class);
  }
}
