package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A claim commits without waiting for the disk; a completion still waits. The test database runs with
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
  void aCompletionsTransactionWaitsForTheDisk() {
    submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    UUID attemptId = UUID.fromString(worker.acquireNow().getAttemptId());

    String inCompletion = transaction.execute(status -> {
      waitForTheDisk();
      assertThat(reports.complete(UUID.fromString(worker.id()), new AttemptReports.Completion(attemptId, "", "",
          Map.of(), new AttemptReports.Timing(0, 0)))).isTrue();
      return synchronousCommit();
    });

    assertThat(inCompletion).isEqualTo("on");
  }

  private void waitForTheDisk() {
    jdbc.execute("SET LOCAL synchronous_commit = on");
  }

  private String synchronousCommit() {
    return jdbc.queryForObject("SHOW synchronous_commit", String.class);
  }
}
