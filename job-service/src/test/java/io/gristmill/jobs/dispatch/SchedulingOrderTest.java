package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which runnable task a worker gets: priority, then fairness, then locality, then submission order. */
class SchedulingOrderTest extends IntegrationTest {

  @Test
  void aHigherPriorityJobsTasksGoFirst() {
    Job routine = submitWithPriority(0, storage.addFile("a.txt", 20, 10));
    Job urgent = submitWithPriority(5, storage.addFile("b.txt", 20, 10));
    TestWorker worker = TestWorker.register("alpha:7070");

    assertThat(urgent.getPriority()).isEqualTo(5);
    assertThat(IntStream.range(0, 4).mapToObj(i -> worker.acquireNow().getJobId()).toList())
        .containsExactly(urgent.getId(), urgent.getId(), routine.getId(), routine.getId());
  }

  @Test
  void aSmallJobIsNotStarvedBehindABigOne() {
    Job big = submit(1, storage.addFile("big.txt", 100, 10));
    Job small = submit(1, storage.addFile("small.txt", 20, 10));
    TestWorker worker = TestWorker.register("alpha:7070");

    List<String> order = IntStream.range(0, 5).mapToObj(i -> worker.acquireNow().getJobId()).toList();

    assertThat(order).containsExactly(big.getId(), small.getId(), big.getId(), small.getId(), big.getId());
  }

  @Test
  void aWorkerGetsTheSplitWhoseChunkItHoldsFirst() {
    String file = storage.addFile("a.txt", 30, 10, List.of("node-a", "node-b", "node-c"));
    submit(1, file);
    TestWorker onB = TestWorker.register(channel(), "node-b", "node-b:7070");
    TestWorker elsewhere = TestWorker.register(channel(), "node-x", "node-x:7070");

    assertThat(onB.acquireNow().getIndex()).isEqualTo(1);
    assertThat(elsewhere.acquireNow().getIndex()).isZero();
  }

  @Test
  void rejectsAPriorityOutOfRange() {
    String file = storage.addFile("a.txt", 10, 10);

    assertThatThrownBy(() -> submitWithPriority(11, file)).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("priority must be between -10 and 10, got 11");
        });
  }

  private static Job submitWithPriority(int priority, String file) {
    return jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(1).setOwner("alice")
        .addInputFileIds(file).setPriority(priority).build());
  }
}
