package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.MapOutputLocation;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs with params.intermediate = storage: map outputs in the blob store, named in the reduce assignments. */
class IntermediateStorageTest extends IntegrationTest {

  private Job submitStored(int reducers, String... inputs) {
    return jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(reducers)
        .setOwner("alice").addAllInputFileIds(List.of(inputs)).putParams("intermediate", "storage").build());
  }

  @Test
  void reduceAssignmentsNameTheStoredMapOutputsWhichAreDeletedWhenTheJobSucceeds() {
    Job submitted = submitStored(2, storage.addFile("a.txt", 150, 100));
    assertThat(job(submitted.getId()).getParamsMap()).containsExactly(Map.entry("intermediate", "storage"));
    TestWorker alpha = TestWorker.register("alpha:7070");
    TaskAssignment map0 = alpha.acquireNow();
    TaskAssignment map1 = alpha.acquireNow();
    assertThat(map0.getParamsMap()).containsEntry("intermediate", "storage");
    assertThat(alpha.completeMapStoredIn(map0, "stored-0")).isTrue();
    assertThat(alpha.completeMapStoredIn(map1, "stored-1")).isTrue();

    TaskAssignment reduce0 = alpha.acquireNow();
    assertThat(reduce0.getReduce().getMapOutputsList()).containsExactly(
        MapOutputLocation.newBuilder().setMapIndex(0).setAttemptId(map0.getAttemptId())
            .setShuffleAddress("alpha:7070").setIntermediateFileId("stored-0").build(),
        MapOutputLocation.newBuilder().setMapIndex(1).setAttemptId(map1.getAttemptId())
            .setShuffleAddress("alpha:7070").setIntermediateFileId("stored-1").build());
    TaskAssignment reduce1 = alpha.acquireNow();
    assertThat(alpha.complete(reduce0.getAttemptId(), "part-r-00000")).isTrue();
    assertThat(storage.deleted()).isEmpty();
    assertThat(alpha.complete(reduce1.getAttemptId(), "part-r-00001")).isTrue();

    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(storage.deleted()).containsExactlyInAnyOrder("stored-0", "stored-1"));
    // The outputs are the job's result and stay.
    assertThat(storage.deleted()).doesNotContain("part-r-00000", "part-r-00001");
  }

  @Test
  void rejectsAMapCompletionOfAStoredJobWithoutItsFile() {
    Job submitted = submitStored(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment map = worker.acquireNow();

    assertThatThrownBy(() -> worker.completeMap(map))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("map attempt " + map.getAttemptId()
              + " of a job with params.intermediate = storage must report its intermediate_file_id");
        });
    assertThat(job(submitted.getId()).getMapProgress().getSucceeded()).isZero();
  }

  @Test
  void locationsOfAJobWithLocalIntermediateDataNameNoFileAndNothingIsDeleted() {
    Job submitted = submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    TaskAssignment map = worker.acquireNow();
    // A file id reported for a job that keeps its data local is not used: reducers fetch from the worker.
    assertThat(worker.completeMapStoredIn(map, "ignored")).isTrue();

    TaskAssignment reduce = worker.acquireNow();
    assertThat(reduce.getReduce().getMapOutputs(0).getIntermediateFileId()).isEmpty();
    assertThat(reduce.getReduce().getMapOutputs(0).getShuffleAddress()).isEqualTo("alpha:7070");
    assertThat(worker.complete(reduce.getAttemptId(), "part-r-00000")).isTrue();
    assertThat(job(submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(storage.deleted()).isEmpty();
  }
}
