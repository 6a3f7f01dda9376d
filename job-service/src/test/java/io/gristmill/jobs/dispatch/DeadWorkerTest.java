package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.ListWorkersRequest;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Workers that die, hang, leave or never hear of their assignment; the lease is 10 s. */
class DeadWorkerTest extends IntegrationTest {

  @Autowired
  private DeadWorkerDetector detector;

  @Autowired
  private MeterRegistry meters;

  @Test
  void requeuesRunningAttemptsOfDeadWorker() {
    Job submitted = submit(1, storage.addFile("a.txt", 20, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TaskAssignment lost = alpha.acquireNow();
    TaskAssignment kept = beta.acquireNow();
    double deathsBefore = meters.get("gristmill.workers.declared.dead").counter().count();

    clock.advance(Duration.ofSeconds(6));
    beta.heartbeat(List.of(kept.getAttemptId()));
    detector.run();
    assertThat(workerState(alpha)).as("silent for 6 s of a 10 s lease").isEqualTo("ALIVE");
    clock.advance(Duration.ofSeconds(5));
    detector.run();

    assertThat(workerState(alpha)).isEqualTo("LOST");
    assertThat(workerState(beta)).isEqualTo("ALIVE");
    assertThat(attemptStatus(lost)).isEqualTo("LOST");
    assertThat(attemptStatus(kept)).isEqualTo("RUNNING");
    assertThat(meters.get("gristmill.workers.declared.dead").counter().count()).isEqualTo(deathsBefore + 1);
    TaskAssignment rerun = beta.acquireNow();
    assertThat(rerun.getTaskId()).isEqualTo(lost.getTaskId());
    assertThat(alpha.completeMap(lost)).as("a late report of a lost attempt is not accepted").isFalse();
    assertThatThrownBy(() -> alpha.heartbeat(List.of(lost.getAttemptId())))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("worker " + alpha.id() + " was declared dead; register again");
        });
    assertThatThrownBy(() -> alpha.acquire(0)).isInstanceOf(StatusRuntimeException.class);
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
  }

  @Test
  void requeuesFinishedMapsOfDeadWorkerWhileReducesNeedThem() {
    Job submitted = submit(2, storage.addFile("a.txt", 20, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TaskAssignment map0 = alpha.acquireNow();
    TaskAssignment map1 = beta.acquireNow();
    alpha.completeMap(map0);
    beta.completeMap(map1);
    TaskAssignment reduce0 = beta.acquireNow();
    TaskAssignment reduce1 = beta.acquireNow();
    assertThat(beta.complete(reduce1)).isTrue();

    clock.advance(Duration.ofSeconds(11));
    beta.heartbeat(List.of(reduce0.getAttemptId()));
    detector.run();

    assertThat(attemptStatus(map0)).isEqualTo("LOST");
    assertThat(attemptStatus(map1)).as("beta is alive; its output is still there").isEqualTo("SUCCEEDED");
    assertThat(job(submitted.getId()).getMapProgress().getSucceeded()).isEqualTo(1);
    // The running reduce cannot fetch map 0 from alpha; it is not its fault.
    beta.failToFetch(reduce0, Map.of(0, map0.getAttemptId()));
    TaskAssignment rerun = beta.acquireNow();
    assertThat(rerun.getKind()).as("reduces wait until every map has succeeded again").isEqualTo(TaskKind.TASK_KIND_MAP);
    assertThat(rerun.getIndex()).isZero();
    assertThat(beta.completeMap(rerun)).isTrue();
    TaskAssignment reduceAgain = beta.acquireNow();
    assertThat(reduceAgain.getIndex()).isZero();
    assertThat(reduceAgain.getReduce().getMapOutputs(0).getAttemptId()).isEqualTo(rerun.getAttemptId());
    assertThat(reduceAgain.getReduce().getMapOutputs(0).getShuffleAddress()).isEqualTo("beta:7070");
    assertThat(beta.complete(reduceAgain)).isTrue();
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
  }

  @Test
  void keepsFinishedMapsOfADeadWorkerWhenTheirOutputIsInStorage() {
    Job submitted = jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(1)
        .setOwner("alice").addInputFileIds(storage.addFile("a.txt", 10, 10)).putParams("intermediate", "storage")
        .build());
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TaskAssignment map = alpha.acquireNow();
    alpha.completeMapStoredIn(map, "intermediate-0");

    clock.advance(Duration.ofSeconds(11));
    beta.heartbeat(List.of());
    detector.run();

    assertThat(attemptStatus(map)).isEqualTo("SUCCEEDED");
    TaskAssignment reduce = beta.acquireNow();
    assertThat(reduce.getKind()).isEqualTo(TaskKind.TASK_KIND_REDUCE);
    assertThat(job(submitted.getId()).getMapProgress().getSucceeded()).isEqualTo(1);
  }

  @Test
  void losesAnAttemptWhoseAssignmentNeverReachedItsWorker() {
    submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment unheard = alpha.acquireNow();

    // The worker keeps heartbeating but never lists the attempt: the AcquireTask reply was lost.
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(3));
      alpha.heartbeat(List.of());
      detector.run();
    }

    assertThat(workerState(alpha)).isEqualTo("ALIVE");
    assertThat(attemptStatus(unheard)).isEqualTo("LOST");
    assertThat(alpha.acquireNow().getTaskId()).isEqualTo(unheard.getTaskId());
  }

  @Test
  void aListedAttemptKeepsItsLeaseForAsLongAsHeartbeatsArrive() {
    submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment map = alpha.acquireNow();

    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(3));
      assertThat(alpha.heartbeat(List.of(map.getAttemptId())).getCancelAttemptIdsList()).isEmpty();
      detector.run();
    }

    assertThat(attemptStatus(map)).isEqualTo("RUNNING");
    assertThat(alpha.completeMap(map)).isTrue();
  }

  @Test
  void aLeavingWorkersAttemptsAreRequeuedAtOnceAndItsHeartbeatsRefused() {
    submit(1, storage.addFile("a.txt", 10, 10));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    TaskAssignment map = alpha.acquireNow();

    alpha.leave();
    alpha.leave();

    assertThat(workerState(alpha)).isEqualTo("LEFT");
    assertThat(attemptStatus(map)).isEqualTo("LOST");
    assertThat(beta.acquireNow().getTaskId()).isEqualTo(map.getTaskId());
    assertThatThrownBy(() -> alpha.heartbeat(List.of()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("worker " + alpha.id() + " has left; register again");
        });
  }

  @Test
  void departedWorkersDropOffTheListAfterTheRetention() {
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");
    alpha.leave();

    assertThat(workers()).extracting(Worker::getId, Worker::getState)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(alpha.id(), "LEFT"),
            org.assertj.core.groups.Tuple.tuple(beta.id(), "ALIVE"));
    clock.advance(Duration.ofMinutes(61));
    assertThat(workers()).extracting(Worker::getId).containsExactly(beta.id());
  }

  private static List<Worker> workers() {
    return jobs().listWorkers(ListWorkersRequest.getDefaultInstance()).getWorkersList();
  }

  private String workerState(TestWorker worker) {
    return jdbc.queryForObject("SELECT state FROM jobs.worker WHERE id = ?::uuid", String.class, worker.id());
  }

  private String attemptStatus(TaskAssignment assignment) {
    return jdbc.queryForObject("SELECT status FROM jobs.attempt WHERE id = ?::uuid", String.class,
        assignment.getAttemptId());
  }
}
