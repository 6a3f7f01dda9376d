package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.MapOutputLocation;
import io.gristmill.contracts.job.v1.MapSpec;
import io.gristmill.contracts.job.v1.Progress;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLifecycleTest extends IntegrationTest {

  @Test
  void runsMapsThenReducesAndSucceedsWithOutputsInPartitionOrder() {
    String big = storage.addFile("big.txt", 250, 100);
    String empty = storage.addFile("empty.txt", 0, 100);
    String small = storage.addFile("small.txt", 40, 100);
    Job submitted = submit(2, big, empty, small);
    TestWorker alpha = TestWorker.register("alpha:7070");
    TestWorker beta = TestWorker.register("beta:7070");

    TaskAssignment map0 = alpha.acquireNow();
    TaskAssignment map1 = beta.acquireNow();
    TaskAssignment map2 = alpha.acquireNow();
    TaskAssignment map3 = beta.acquireNow();

    assertThat(List.of(map0, map1, map2, map3)).allSatisfy(map -> {
      assertThat(map.getKind()).isEqualTo(TaskKind.TASK_KIND_MAP);
      assertThat(map.getJobId()).isEqualTo(submitted.getId());
      assertThat(map.getJobType()).isEqualTo("wordcount");
      assertThat(map.getReducers()).isEqualTo(2);
    });
    assertThat(List.of(map0, map1, map2, map3)).extracting(TaskAssignment::getIndex).containsExactly(0, 1, 2, 3);
    assertThat(List.of(map0, map1, map2, map3)).extracting(TaskAssignment::getMap).containsExactly(
        split(big, "big.txt", 0, 100, 250), split(big, "big.txt", 100, 100, 250),
        split(big, "big.txt", 200, 50, 250), split(small, "small.txt", 0, 40, 40));
    Job running = job(submitted.getId());
    assertThat(running.getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
    assertThat(running.hasStartedAt()).isTrue();
    assertThat(running.getMapProgress()).isEqualTo(progress(4, 0, 4, 0));

    assertThat(alpha.completeMap(map0)).isTrue();
    assertThat(beta.completeMap(map1)).isTrue();
    assertThat(alpha.completeMap(map2)).isTrue();
    assertThat(alpha.acquire(0)).as("reduces wait for every map").isEmpty();
    assertThat(beta.completeMap(map3)).isTrue();

    TaskAssignment reduce0 = alpha.acquireNow();
    TaskAssignment reduce1 = beta.acquireNow();
    assertThat(List.of(reduce0, reduce1)).extracting(TaskAssignment::getKind, TaskAssignment::getIndex)
        .containsExactly(tuple(TaskKind.TASK_KIND_REDUCE, 0),
            tuple(TaskKind.TASK_KIND_REDUCE, 1));
    List<MapOutputLocation> expectedOutputs = List.of(
        output(0, map0, "alpha:7070"), output(1, map1, "beta:7070"),
        output(2, map2, "alpha:7070"), output(3, map3, "beta:7070"));
    assertThat(reduce0.getReduce().getMapOutputsList()).isEqualTo(expectedOutputs);
    assertThat(reduce1.getReduce().getMapOutputsList()).isEqualTo(expectedOutputs);

    assertThat(beta.complete(reduce1.getAttemptId(), "part-r-00001")).isTrue();
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
    assertThat(alpha.complete(reduce0.getAttemptId(), "part-r-00000")).isTrue();

    Job done = job(submitted.getId());
    assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(done.getOutputFileIdsList()).containsExactly("part-r-00000", "part-r-00001");
    assertThat(done.getMapProgress()).isEqualTo(progress(4, 4, 0, 0));
    assertThat(done.getReduceProgress()).isEqualTo(progress(2, 2, 0, 0));
    assertThat(done.hasFinishedAt()).isTrue();
    assertThat(done.getError()).isEmpty();
    // Six committed attempts reported records=7 each.
    assertThat(done.getCountersMap()).isEqualTo(Map.of("records", 42L));
    assertThat(alpha.acquire(0)).isEmpty();
    assertThat(jdbc.queryForMap("SELECT name, value FROM jobs.attempt_counter WHERE attempt_id = ?::uuid",
        reduce0.getAttemptId())).isEqualTo(Map.of("name", "records", "value", 7L));
  }

  @Test
  void runsTheReducesOfAJobWithoutMapsAtOnce() {
    Job submitted = submit(1, storage.addFile("empty.txt", 0, 100));
    TestWorker worker = TestWorker.register("alpha:7070");

    TaskAssignment reduce = worker.acquireNow();

    assertThat(reduce.getKind()).isEqualTo(TaskKind.TASK_KIND_REDUCE);
    assertThat(reduce.getReduce().getMapOutputsList()).isEmpty();
    assertThat(worker.complete(reduce.getAttemptId(), "part-r-00000")).isTrue();
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
  }

  @Test
  void handsOutTheOldestJobsTasksFirst() {
    Job older = submit(1, storage.addFile("a.txt", 10, 100));
    Job newer = submit(1, storage.addFile("b.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");

    assertThat(worker.acquireNow().getJobId()).isEqualTo(older.getId());
    assertThat(worker.acquireNow().getJobId()).isEqualTo(newer.getId());
  }

  private static MapSpec split(String fileId, String name, long offset, long length, long size) {
    return MapSpec.newBuilder().setFileId(fileId).setFileName(name).setOffset(offset).setLength(length)
        .setFileSize(size).build();
  }

  private static MapOutputLocation output(int index, TaskAssignment map, String address) {
    return MapOutputLocation.newBuilder().setMapIndex(index).setAttemptId(map.getAttemptId())
        .setShuffleAddress(address).build();
  }

  static Progress progress(int total, int succeeded, int running, int failed) {
    return Progress.newBuilder().setTotal(total).setSucceeded(succeeded).setRunning(running).setFailed(failed)
        .build();
  }
}
