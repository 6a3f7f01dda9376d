package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.CompleteAttemptResponse;
import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import org.junit.jupiter.api.Test;

/** CompleteAttempt with acquire_next: its answer hands the worker the next task, claimed as AcquireTask would. */
class NextAssignmentTest extends IntegrationTest {

  @Test
  void anAcceptedCompletionHandsOverTheNextRunnableTaskAsARunningAttempt() {
    submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment first = worker.acquireNow();

    CompleteAttemptResponse answer = worker.completeAndAcquireNext(first);

    assertThat(answer.getAccepted()).isTrue();
    assertThat(answer.getNextAssignment().getKind()).isEqualTo(TaskKind.TASK_KIND_MAP);
    assertThat(answer.getNextAssignment().getIndex()).isEqualTo(1);
    assertThat(worker.acquireNow().getIndex()).as("the handed-over task is claimed").isEqualTo(2);
    assertThat(worker.complete(answer.getNextAssignment())).as("it runs on this worker").isTrue();
  }

  @Test
  void theLastMapsCompletionHandsOverTheReduce() {
    submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker worker = TestWorker.register("alpha:7070");

    CompleteAttemptResponse answer = worker.completeAndAcquireNext(worker.acquireNow());

    assertThat(answer.getNextAssignment().getKind()).isEqualTo(TaskKind.TASK_KIND_REDUCE);
    assertThat(answer.getNextAssignment().getReduce().getMapOutputsCount()).isEqualTo(1);
  }

  @Test
  void handsOverNothingWhenNoTaskIsRunnable() {
    submit(1, storage.addFile("a.txt", 20, 10));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment first = worker.acquireNow();
    worker.acquireNow();

    CompleteAttemptResponse answer = worker.completeAndAcquireNext(first);

    assertThat(answer.getAccepted()).isTrue();
    assertThat(answer.hasNextAssignment()).as("the reduce waits for the other map").isFalse();
  }

  @Test
  void aDrainingWorkersCompletionIsAcceptedWithoutANextTask() {
    submit(1, storage.addFile("a.txt", 30, 10));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment first = worker.acquireNow();
    worker.heartbeat(HeartbeatRequest.newBuilder().addRunningAttemptIds(first.getAttemptId()).setDraining(true));

    CompleteAttemptResponse answer = worker.completeAndAcquireNext(first);

    assertThat(answer.getAccepted()).isTrue();
    assertThat(answer.hasNextAssignment()).isFalse();
  }
}
