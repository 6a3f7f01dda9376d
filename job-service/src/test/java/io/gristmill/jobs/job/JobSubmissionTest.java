package io.gristmill.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.CustomJob;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.Progress;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobSubmissionTest extends IntegrationTest {

  private static SubmitJobRequest.Builder wordcount(int reducers, String... inputs) {
    return SubmitJobRequest.newBuilder().setType("wordcount").setReducers(reducers).setOwner("alice")
        .addAllInputFileIds(List.of(inputs));
  }

  private static void assertRejected(SubmitJobRequest request, Status.Code code, String description) {
    assertThatThrownBy(() -> jobs().submitJob(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
  }

  @Test
  void rejectsAnUnknownTypeListingTheKnownOnes() {
    String input = storage.addFile("a.txt", 10, 100);
    assertRejected(wordcount(1, input).setType("sort").build(), Status.Code.INVALID_ARGUMENT,
        "unknown job type 'sort'; known types: wordcount, grep, inverted-index, custom");
  }

  @Test
  void rejectsAnUnknownPlaceForIntermediateData() {
    String input = storage.addFile("a.txt", 10, 100);
    assertRejected(wordcount(1, input).putParams("intermediate", "hdfs").build(), Status.Code.INVALID_ARGUMENT,
        "params.intermediate must be 'local' or 'storage', got 'hdfs'");
    assertRejected(wordcount(1, input).setType("grep").putParams("pattern", "a").putParams("intermediate", "")
        .build(), Status.Code.INVALID_ARGUMENT, "params.intermediate must be 'local' or 'storage', got ''");
    assertThat(jobs().submitJob(wordcount(1, input).putParams("intermediate", "local").build()).getParamsMap())
        .containsExactly(Map.entry("intermediate", "local"));
  }

  @Test
  void rejectsAGrepWithoutAValidLinearTimePattern() {
    String input = storage.addFile("a.txt", 10, 100);
    assertRejected(wordcount(1, input).setType("grep").build(), Status.Code.INVALID_ARGUMENT,
        "grep needs params.pattern, a regular expression (RE2 syntax)");
    assertRejected(wordcount(1, input).setType("grep").putParams("pattern", "(a").build(),
        Status.Code.INVALID_ARGUMENT, "params.pattern is not a valid RE2 expression: error parsing regexp: "
            + "missing closing ): `(a`");
    // Backreferences need backtracking, which RE2 refuses.
    assertRejected(wordcount(1, input).setType("grep").putParams("pattern", "(a)\\1").build(),
        Status.Code.INVALID_ARGUMENT, "params.pattern is not a valid RE2 expression: error parsing regexp: "
            + "invalid escape sequence: `\\1`");
    assertRejected(wordcount(1, input).setType("grep").putParams("pattern", "a").putParams("ignoreCase", "yes")
        .build(), Status.Code.INVALID_ARGUMENT, "params.ignoreCase must be true or false, got 'yes'");
  }

  @Test
  void rejectsACustomJobWithoutItsCodeOrWithAMissingArtifact() {
    String input = storage.addFile("a.txt", 10, 100);
    assertRejected(wordcount(1, input).setType("custom").build(), Status.Code.INVALID_ARGUMENT,
        "a custom job needs custom.artifact, the id of an uploaded jar");
    String artifact = storage.addArtifact("job.jar", "ab".repeat(32));
    assertRejected(wordcount(1, input).setType("custom").setCustom(CustomJob.newBuilder().setArtifactId(artifact)
        .setMapperClass("a.M")).build(), Status.Code.INVALID_ARGUMENT,
        "a custom job needs custom.reducer, a fully qualified class name");
    assertRejected(wordcount(1, input).setType("custom").setCustom(CustomJob.newBuilder().setArtifactId(artifact)
        .setMapperClass("a.M").setReducerClass("a.R").setCombinerClass("not a class")).build(),
        Status.Code.INVALID_ARGUMENT, "custom.combiner 'not a class' is not a Java class name");
    String missing = UUID.randomUUID().toString();
    assertRejected(wordcount(1, input).setType("custom").setCustom(CustomJob.newBuilder().setArtifactId(missing)
        .setMapperClass("a.M").setReducerClass("a.R")).build(), Status.Code.NOT_FOUND,
        "artifact " + missing + " not found");
  }

  @Test
  void recordsACustomJobsCodeWithTheArtifactsDigestAndHandsItToWorkers() {
    String input = storage.addFile("a.txt", 10, 100);
    String sha256 = "0123456789abcdef".repeat(4);
    String artifact = storage.addArtifact("job.jar", sha256);
    Job job = jobs().submitJob(wordcount(1, input).setType("custom").putParams("k", "v")
        .setCustom(CustomJob.newBuilder().setArtifactId(artifact).setArtifactSha256("ignored")
            .setMapperClass("com.example.Tokenizer").setReducerClass("com.example.Sum$Inner")).build());

    CustomJob expected = CustomJob.newBuilder().setArtifactId(artifact).setArtifactSha256(sha256)
        .setMapperClass("com.example.Tokenizer").setReducerClass("com.example.Sum$Inner").build();
    assertThat(job.getCustom()).isEqualTo(expected);
    assertThat(jobs().getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build()).getCustom())
        .isEqualTo(expected);
    TaskAssignment map = TestWorker.register("w:1").acquireNow();
    assertThat(map.getJobType()).isEqualTo("custom");
    assertThat(map.getCustom()).isEqualTo(expected);
    assertThat(map.getParamsMap()).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void rejectsAJobWithoutInputs() {
    assertRejected(wordcount(1).build(), Status.Code.INVALID_ARGUMENT, "at least one input file is required");
  }

  @Test
  void rejectsMoreInputsThanTheLimit() {
    String input = storage.addFile("a.txt", 10, 100);
    assertRejected(wordcount(1, input, input, input, input).build(), Status.Code.INVALID_ARGUMENT,
        "at most 3 input files are allowed, got 4");
  }

  @Test
  void rejectsAnEmptyInputId() {
    String input = storage.addFile("a.txt", 10, 100);
    assertRejected(wordcount(1, input, "").build(), Status.Code.INVALID_ARGUMENT,
        "input file id at position 1 is empty");
  }

  @Test
  void rejectsReducersOutOfRange() {
    String input = storage.addFile("a.txt", 10, 100);
    assertRejected(wordcount(0, input).build(), Status.Code.INVALID_ARGUMENT,
        "reducers must be between 1 and 5, got 0");
    assertRejected(wordcount(6, input).build(), Status.Code.INVALID_ARGUMENT,
        "reducers must be between 1 and 5, got 6");
  }

  @Test
  void rejectsAMissingInputAndRecordsNothing() {
    String present = storage.addFile("a.txt", 10, 100);
    String missing = UUID.randomUUID().toString();
    assertRejected(wordcount(1, present, missing).build(), Status.Code.NOT_FOUND,
        "input file " + missing + " not found");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs.job", Long.class)).isZero();
  }

  @Test
  void answersUnavailableWhenStorageIsDown() {
    String input = storage.addFile("a.txt", 10, 100);
    storage.setAvailable(false);
    assertRejected(wordcount(1, input).build(), Status.Code.UNAVAILABLE,
        "storage could not describe input file " + input + ": UNAVAILABLE");
  }

  @Test
  void recordsAPendingJobWithOneMapPerChunkAndOneReducePerPartition() {
    String big = storage.addFile("big.txt", 250, 100);
    String empty = storage.addFile("empty.txt", 0, 100);
    String small = storage.addFile("small.txt", 40, 100);

    Job job = jobs().submitJob(wordcount(3, big, empty, small).putParams("lowercase", "true").build());

    assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_PENDING);
    assertThat(job.getType()).isEqualTo("wordcount");
    assertThat(job.getOwner()).isEqualTo("alice");
    assertThat(job.getReducers()).isEqualTo(3);
    assertThat(job.getInputFileIdsList()).containsExactly(big, empty, small);
    assertThat(job.getParamsMap()).isEqualTo(Map.of("lowercase", "true"));
    assertThat(job.getMapProgress()).isEqualTo(progress(4, 0, 0, 0));
    assertThat(job.getReduceProgress()).isEqualTo(progress(3, 0, 0, 0));
    assertThat(job.hasSubmittedAt()).isTrue();
    assertThat(job.hasStartedAt()).isFalse();
    assertThat(job.hasFinishedAt()).isFalse();
    assertThat(job.getOutputFileIdsList()).isEmpty();
    assertThat(jdbc.queryForList("""
        SELECT task_index || ':' || file_name || ':' || split_offset || ':' || split_length || ':' || file_size
        FROM jobs.task WHERE job_id = ?::uuid AND kind = 'MAP' ORDER BY task_index""", String.class, job.getId()))
        .containsExactly("0:big.txt:0:100:250", "1:big.txt:100:100:250", "2:big.txt:200:50:250",
            "3:small.txt:0:40:40");
    assertThat(jdbc.queryForList("""
        SELECT task_index FROM jobs.task WHERE job_id = ?::uuid AND kind = 'REDUCE' ORDER BY task_index""",
        Integer.class, job.getId())).containsExactly(0, 1, 2);
  }

  @Test
  void makesNoMapTaskForAnEmptyInput() {
    String empty = storage.addFile("empty.txt", 0, 100);

    Job job = jobs().submitJob(wordcount(1, empty).build());

    assertThat(job.getMapProgress()).isEqualTo(progress(0, 0, 0, 0));
    assertThat(job.getReduceProgress()).isEqualTo(progress(1, 0, 0, 0));
  }

  @Test
  void getJobAnswersWhatSubmitJobAnswered() {
    String input = storage.addFile("a.txt", 10, 100);
    Job submitted = jobs().submitJob(wordcount(2, input).build());

    assertThat(jobs().getJob(GetJobRequest.newBuilder().setJobId(submitted.getId()).build())).isEqualTo(submitted);
  }

  @Test
  void getJobRejectsUnknownAndMalformedIds() {
    String unknown = UUID.randomUUID().toString();
    assertThatThrownBy(() -> jobs().getJob(GetJobRequest.newBuilder().setJobId(unknown).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("job " + unknown + " not found");
        });
    assertThatThrownBy(() -> jobs().getJob(GetJobRequest.newBuilder().setJobId("job-1").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("job id 'job-1' is not a valid UUID");
        });
  }

  static Progress progress(int total, int succeeded, int running, int failed) {
    return Progress.newBuilder().setTotal(total).setSucceeded(succeeded).setRunning(running).setFailed(failed)
        .build();
  }
}
