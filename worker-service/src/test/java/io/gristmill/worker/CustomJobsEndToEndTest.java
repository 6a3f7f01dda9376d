package io.gristmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.CustomJob;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.MapOutputLocation;
import io.gristmill.contracts.job.v1.MapSpec;
import io.gristmill.contracts.job.v1.ReduceSpec;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.worker.fakes.FakeBlobStore;
import io.gristmill.worker.fakes.FakeServices;
import io.gristmill.worker.fakes.FakeTaskDispatch;
import io.gristmill.worker.fakes.TestJars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Custom jobs from jars built here, run by a real worker against in-process fakes of the job service and the blob
 * store: two jobs whose jars define classes of the same names, and a mapper whose constructor throws.
 */
@SpringBootTest
class CustomJobsEndToEndTest {

  private static final FakeServices services = new FakeServices("custom-jobs-test");
  private static final FakeTaskDispatch dispatch = services.dispatch();
  private static final FakeBlobStore blobStore = services.blobStore();
  private static final Path workDir = services.workDir();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    services.register(registry);
  }

  @AfterAll
  static void stopFakes() {
    services.stop();
  }

  @Test
  void twoJobsWhoseJarsDefineTheSameClassNamesEachRunTheirOwnClassesOnOneWorker() throws Exception {
    CustomJob jobA = upload(TestJars.taggingJob("A"), "ext.Tag");
    CustomJob jobB = upload(TestJars.taggingJob("B"), "ext.Tag");
    byte[] text = "one\ntwo\nthree\nfour\nfive\n".getBytes(StandardCharsets.UTF_8);
    String input = blobStore.put("lines.txt", text);
    String shuffleAddress = awaitShuffleAddress();

    // The maps of both jobs first, interleaved, then their reduces: both jars are in use on the worker together.
    String mapA1 = enqueueMap(jobA, "job-a", 0, input, 0, 8, text.length);
    String mapB1 = enqueueMap(jobB, "job-b", 0, input, 0, 8, text.length);
    String mapA2 = enqueueMap(jobA, "job-a", 1, input, 8, text.length - 8, text.length);
    String mapB2 = enqueueMap(jobB, "job-b", 1, input, 8, text.length - 8, text.length);
    for (String map : List.of(mapA1, mapB1, mapA2, mapB2)) {
      awaitCompletion(map);
    }
    String reduceA = enqueueReduce(jobA, "job-a", shuffleAddress, mapA1, mapA2);
    String reduceB = enqueueReduce(jobB, "job-b", shuffleAddress, mapB1, mapB2);

    assertThat(output(awaitCompletion(reduceA))).isEqualTo("A\t5\n");
    assertThat(output(awaitCompletion(reduceB))).isEqualTo("B\t5\n");
  }

  @Test
  void aMapperWhoseConstructorThrowsFailsTheAttemptWithAnErrorNamingTheClass() throws Exception {
    CustomJob job = upload(TestJars.taggingJob("C"), "ext.Fragile");
    String input = blobStore.put("fragile.txt", "some words\n".getBytes(StandardCharsets.UTF_8));

    String attempt = enqueueMap(job, "job-c", 0, input, 0, 11, 11);

    FailAttemptRequest failure = awaitFailure(attempt);
    assertThat(failure.getError()).isEqualTo("the constructor of mapper class 'ext.Fragile' threw "
        + "java.lang.IllegalStateException: no settings for C");
    assertThat(failure.getStackTrace()).contains("Caused by: java.lang.IllegalStateException: no settings for C");
    assertThat(workDir.resolve(attempt)).doesNotExist();
    assertThat(workDir.resolve(attempt + ".tmp")).doesNotExist();
  }

  private static CustomJob upload(byte[] jar, String mapper) throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    return CustomJob.newBuilder().setArtifactId(blobStore.put("job.jar", jar)).setArtifactSha256(sha256)
        .setMapperClass(mapper).setReducerClass("ext.Sum").build();
  }

  private static String enqueueMap(CustomJob job, String jobId, int index, String fileId, long offset, long length,
      long size) {
    String attemptId = UUID.randomUUID().toString();
    dispatch.enqueue(TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId(jobId).setTaskId("m" + index).setKind(TaskKind.TASK_KIND_MAP)
        .setIndex(index).setJobType("custom").setCustom(job).setReducers(1)
        .setMap(MapSpec.newBuilder().setFileId(fileId).setFileName("lines.txt")
            .setOffset(offset).setLength(length).setFileSize(size))
        .build());
    return attemptId;
  }

  private static String enqueueReduce(CustomJob job, String jobId, String shuffleAddress, String... maps) {
    String attemptId = UUID.randomUUID().toString();
    ReduceSpec.Builder reduce = ReduceSpec.newBuilder();
    for (int i = 0; i < maps.length; i++) {
      reduce.addMapOutputs(MapOutputLocation.newBuilder()
          .setMapIndex(i).setAttemptId(maps[i]).setShuffleAddress(shuffleAddress));
    }
    dispatch.enqueue(TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId(jobId).setTaskId("r0").setKind(TaskKind.TASK_KIND_REDUCE)
        .setJobType("custom").setCustom(job).setReducers(1).setReduce(reduce)
        .build());
    return attemptId;
  }

  private static String output(CompleteAttemptRequest reduce) {
    return new String(blobStore.file(reduce.getOutputFileId()).content(), StandardCharsets.UTF_8);
  }

  private static String awaitShuffleAddress() {
    await().atMost(Duration.ofSeconds(10)).until(() -> !dispatch.registrations().isEmpty());
    return dispatch.registrations().get(dispatch.registrations().size() - 1).getShuffleAddress();
  }

  private static boolean reported(String attemptId) {
    return dispatch.completion(attemptId) != null || dispatch.failure(attemptId) != null;
  }

  private static CompleteAttemptRequest awaitCompletion(String attemptId) {
    await().atMost(Duration.ofSeconds(20)).until(() -> reported(attemptId));
    assertThat(dispatch.failure(attemptId)).as("failure of %s", attemptId).isNull();
    return dispatch.completion(attemptId);
  }

  private static FailAttemptRequest awaitFailure(String attemptId) {
    await().atMost(Duration.ofSeconds(20)).until(() -> reported(attemptId));
    assertThat(dispatch.completion(attemptId)).isNull();
    return dispatch.failure(attemptId);
  }
}
