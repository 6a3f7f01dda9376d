package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptResponse;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.gristmill.grpc.auth.InternalCredential;
import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.ManagedProcess;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.ServiceJars;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Scheduling and fault tolerance with real processes: the MIT 6.824 MapReduce lab's properties, then workers
 * SIGKILLed and frozen with SIGSTOP at random, the job service SIGKILLed mid-job, a straggler overtaken by a
 * backup attempt, cancellation, lost map workers with intermediate data in storage and on local disks, and
 * duplicate reports and submissions. One platform of 3 workers x 2 slots serves the class, with a 4 s lease and
 * 1 s heartbeats so that dead workers are noticed quickly. Every output is compared with {@link ReferenceWordCount}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulingIT {

  private static final int CHUNK = 32 * 1024;
  private static final Duration JOB_LIMIT = Duration.ofMinutes(4);

  private static LocalPlatform platform;
  private static PlatformApi api;
  private static String artifact;
  /** A small corpus (about 9 map tasks) and a larger one (about 36) for the fault tests. */
  private static Map<String, byte[]> small;
  private static List<String> smallInputs;
  private static Map<String, byte[]> large;
  private static List<String> largeInputs;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path stateDir = Files.createTempDirectory(Path.of("target"), "scheduling-");
    PlatformOptions options = new PlatformOptions(3, 3, 2, CHUNK, 0, stateDir).withJobSettings(Map.of(
        "heartbeat-interval", "1s",
        "lease", "4s",
        "dead-workers.period", "500ms",
        "retry-backoff.initial", "200ms",
        "retry-backoff.max", "2s",
        "backup.min-runtime", "8s"));
    platform = LocalPlatform.start(options, ServiceJars.fromEnvironment(), System.out);
    api = new PlatformApi(platform);
    artifact = api.uploadArtifact("sched.jar", SchedulingJob.jar());
    small = TestCorpus.files(CHUNK, 5L);
    smallInputs = upload(small);
    large = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      int set = i;
      TestCorpus.files(CHUNK, 100L + i).forEach((name, bytes) -> large.put(set + "-" + name, bytes));
    }
    largeInputs = upload(large);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  // ---- the MIT 6.824 lab's properties -----------------------------------------------------------------------

  @Test
  @Order(1)
  void outputEqualsTheSequentialReferenceAndIsCompleteAtTheFirstPollThatSeesSucceeded() throws Exception {
    String id = api.submit(SchedulingJob.body(artifact, smallInputs, 4,
        Map.of("mapDelayMillis", "1000", "reduceDelayMillis", "1500")));
    JsonNode job = await().atMost(JOB_LIMIT).pollInterval(Duration.ofMillis(50))
        .until(() -> api.job(id), j -> PlatformApi.FINAL.contains(j.path("status").asText()));
    // Read every partition at once, before anything else can happen: each must already be whole.
    List<byte[]> parts = new ArrayList<>();
    for (JsonNode output : job.path("outputs")) {
      parts.add(api.content(output.asText()));
    }
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(parts).hasSize(4);
    String reference = reference(small);
    assertThat(mergedLines(parts)).isEqualTo(reference);
    assertThat(api.output(id)).isEqualTo(reference);
    firstJob = id;
  }

  /** The job of the first test, finished without any failure. */
  private static String firstJob;

  @Test
  @Order(2)
  void twoWorkersRunMapTasksAtTheSameTime() throws Exception {
    assertThat(overlapOnDifferentWorkers(api.attempts(firstJob, "MAP"))).as("overlapping map attempts").isTrue();
  }

  @Test
  @Order(3)
  void twoWorkersRunReduceTasksAtTheSameTime() throws Exception {
    assertThat(overlapOnDifferentWorkers(api.attempts(firstJob, "REDUCE"))).as("overlapping reduce attempts")
        .isTrue();
  }

  @Test
  @Order(4)
  void withoutFailuresEachMapTaskRunsExactlyOnceAndNoBackupStarts() throws Exception {
    List<JsonNode> maps = api.tasks(firstJob).stream().filter(t -> t.path("kind").asText().equals("MAP")).toList();
    assertThat(maps).hasSizeGreaterThanOrEqualTo(6);
    for (JsonNode task : maps) {
      assertThat(task.path("attempts")).as(task.toString()).hasSize(1);
      assertThat(task.path("attempts").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(task.path("attempts").get(0).path("backup").asBoolean()).isFalse();
    }
  }

  @Test
  @Order(5)
  void aWorkerThatJoinsAfterTheJobEndedDoesNoWork() throws Exception {
    ManagedProcess late = platform.addWorker();
    JsonNode registered = await().atMost(Duration.ofMinutes(1)).until(() -> workerWithPid(late.pid()),
        w -> w != null && w.path("state").asText().equals("ALIVE"));
    // For several heartbeats and long polls it runs nothing, and no attempt of the job is its.
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
        .until(() -> workerWithPid(late.pid()).path("runningAttempts").asInt() == 0);
    for (JsonNode task : api.tasks(firstJob)) {
      for (JsonNode attempt : task.path("attempts")) {
        assertThat(attempt.path("workerId").asText()).isNotEqualTo(registered.path("id").asText());
      }
    }
    platform.retireWorker(late.spec().name());
  }

  // ---- at-most-once ----------------------------------------------------------------------------------------

  @Test
  @Order(6)
  void aDuplicateTaskCompletionReportHasNoSecondEffect() throws Exception {
    JsonNode before = api.job(firstJob);
    List<JsonNode> tasksBefore = api.tasks(firstJob);
    JsonNode reduce = tasksBefore.stream().filter(t -> t.path("kind").asText().equals("REDUCE")).findFirst()
        .orElseThrow();
    JsonNode attempt = reduce.path("attempts").get(0);
    CompleteAttemptRequest report = CompleteAttemptRequest.newBuilder()
        .setWorkerId(attempt.path("workerId").asText())
        .setAttemptId(attempt.path("id").asText())
        .setOutputFileId(reduce.path("outputFileId").asText())
        .putCounters("reduce.output.records", 1_000_000)
        .build();
    String secret = platform.process("job-service").spec().environment().get("GRISTMILL_INTERNAL_AUTH_TOKEN");
    Metadata credential = new Metadata();
    credential.put(Metadata.Key.of(InternalCredential.HEADER, Metadata.ASCII_STRING_MARSHALLER), secret);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1",
        platform.process("job-service").spec().grpcPort()).usePlaintext().build();
    try {
      TaskDispatchGrpc.TaskDispatchBlockingStub dispatch = TaskDispatchGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credential));
      CompleteAttemptResponse first = dispatch.withDeadlineAfter(10, TimeUnit.SECONDS).completeAttempt(report);
      CompleteAttemptResponse second = dispatch.withDeadlineAfter(10, TimeUnit.SECONDS).completeAttempt(report);
      assertThat(first.getAccepted()).isFalse();
      assertThat(second.getAccepted()).isFalse();
    } finally {
      channel.shutdownNow();
    }
    JsonNode after = api.job(firstJob);
    assertThat(after.path("counters")).isEqualTo(before.path("counters"));
    assertThat(after.path("outputs")).isEqualTo(before.path("outputs"));
    assertThat(api.tasks(firstJob)).isEqualTo(tasksBefore);
    assertThat(api.output(firstJob)).isEqualTo(reference(small));
  }

  @Test
  @Order(7)
  void aDuplicateSubmissionWithTheSameIdempotencyKeyRecordsOneJob() throws Exception {
    long totalBefore = api.get("/api/v1/jobs?pageSize=1").path("total").asLong();
    Map<String, Object> body = SchedulingJob.body(artifact, smallInputs, 2, Map.of());
    HttpResponse<String> first = api.submitRaw(body, "scheduling-it-once");
    HttpResponse<String> again = api.submitRaw(body, "scheduling-it-once");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    String id = PlatformApi.JSON.readTree(first.body()).path("id").asText();
    assertThat(PlatformApi.JSON.readTree(again.body()).path("id").asText()).isEqualTo(id);
    assertThat(api.get("/api/v1/jobs?pageSize=1").path("total").asLong()).isEqualTo(totalBefore + 1);
    assertThat(api.awaitFinished(id, JOB_LIMIT).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(api.output(id)).isEqualTo(reference(small));
  }

  // ---- stragglers and cancellation -------------------------------------------------------------------------

  @Test
  @Order(8)
  void aSlowTaskGetsABackupThatWinsAndTheLosersOutputIsDiscarded() throws Exception {
    Path claims = SchedulingJob.claimDir();
    Map<String, byte[]> corpus = new LinkedHashMap<>(small);
    corpus.put("marked.txt", "a line with the slowpokemarker in it\nand another line\n"
        .getBytes(StandardCharsets.UTF_8));
    List<String> inputs = new ArrayList<>(smallInputs);
    inputs.add(api.upload("marked.txt", corpus.get("marked.txt")));
    Instant submitted = Instant.now();
    String id = api.submit(SchedulingJob.body(artifact, inputs, 3, Map.of("marker", "slowpokemarker",
        "claimDir", claims.toString(), "mapDelayMillis", "300", "intermediate", "storage")));
    JsonNode job = api.awaitFinished(id, Duration.ofSeconds(55));
    Duration took = Duration.between(submitted, Instant.now());

    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(took).as("the straggler alone sleeps 60 s").isLessThan(Duration.ofSeconds(55));
    assertThat(claims.resolve("claim")).exists();
    assertThat(api.output(id)).isEqualTo(reference(corpus));
    JsonNode straggler = api.tasks(id).stream().filter(t -> t.path("kind").asText().equals("MAP"))
        .filter(t -> t.path("attempts").size() > 1).findFirst().orElseThrow();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode task = api.tasks(id).stream().filter(t -> t.path("id").equals(straggler.path("id"))).findFirst()
          .orElseThrow();
      assertThat(task.path("attempts")).extracting(a -> a.path("status").asText() + (a.path("backup").asBoolean()
          ? " backup" : "")).containsExactly("KILLED", "SUCCEEDED backup");
    });
    // Only the committed partitions remain: no map output of either attempt, no temporary part.
    String prefix = "job-" + id + "/";
    Set<String> parts = new HashSet<>();
    for (int r = 0; r < 3; r++) {
      parts.add(String.format("%spart-r-%05d", prefix, r));
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        api.fileNames().stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toSet())).isEqualTo(parts));
  }

  @Test
  @Order(9)
  void cancellingAJobStopsItsRunningAttemptsWithinSeconds() throws Exception {
    String id = api.submit(SchedulingJob.body(artifact, largeInputs, 2, Map.of("mapDelayMillis", "60000")));
    await().atMost(Duration.ofMinutes(1)).until(() -> running(api.attempts(id, "MAP")) >= 4);
    Instant cancelled = Instant.now();
    assertThat(api.cancel(id).path("status").asText()).isEqualTo("CANCELLED");
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      List<JsonNode> attempts = api.attempts(id, "MAP");
      assertThat(attempts).isNotEmpty().allSatisfy(a -> assertThat(a.path("status").asText()).isEqualTo("KILLED"));
      assertThat(api.workers().stream().mapToInt(w -> w.path("runningAttempts").asInt()).sum()).isZero();
    });
    System.out.println("Running attempts stopped " + Duration.between(cancelled, Instant.now()).toMillis()
        + " ms after the cancel");
    assertThat(api.job(id).path("status").asText()).isEqualTo("CANCELLED");
  }

  // ---- lost map outputs ------------------------------------------------------------------------------------

  @Test
  @Order(10)
  void withIntermediateDataInStorageReducesFinishAfterTheMapWorkersDieAndNoMapRunsAgain() throws Exception {
    String id = runKillingMapWorkersAfterTheMaps("storage");
    for (JsonNode task : api.tasks(id)) {
      if (task.path("kind").asText().equals("MAP")) {
        assertThat(task.path("attempts")).as(task.toString()).hasSize(1);
      }
    }
  }

  @Test
  @Order(11)
  void withIntermediateDataOnLocalDisksTheLostMapsRunAgainAndTheOutputIsStillRight() throws Exception {
    String id = runKillingMapWorkersAfterTheMaps("local");
    long rerun = api.tasks(id).stream().filter(t -> t.path("kind").asText().equals("MAP"))
        .filter(t -> t.path("attempts").size() > 1).count();
    assertThat(rerun).as("map tasks executed again").isPositive();
  }

  /** Runs a job, SIGKILLs every worker that ran one of its maps once all maps succeeded; returns the job id. */
  private static String runKillingMapWorkersAfterTheMaps(String intermediate) throws Exception {
    String id = api.submit(SchedulingJob.body(artifact, smallInputs, 3,
        Map.of("intermediate", intermediate, "mapDelayMillis", "200", "reduceDelayMillis", "8000")));
    await().atMost(JOB_LIMIT).until(() -> api.tasks(id).stream().filter(t -> t.path("kind").asText().equals("MAP"))
        .allMatch(t -> t.path("status").asText().equals("SUCCEEDED")));
    Set<String> mapWorkers = api.attempts(id, "MAP").stream().map(a -> a.path("workerId").asText())
        .collect(Collectors.toSet());
    Set<Long> pids = api.workers().stream().filter(w -> mapWorkers.contains(w.path("id").asText()))
        .map(w -> w.path("pid").asLong()).collect(Collectors.toSet());
    assertThat(api.job(id).path("status").asText()).as("the reduces still run").isEqualTo("RUNNING");
    for (ManagedProcess worker : platform.workers()) {
      if (pids.contains(worker.pid())) {
        System.out.println("SIGKILL " + worker.spec().name() + " (pid " + worker.pid() + "), it ran maps of " + id);
        worker.process().destroyForcibly(); // the supervisor starts it again, as a new worker
      }
    }
    JsonNode job = api.awaitFinished(id, JOB_LIMIT);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(api.output(id)).isEqualTo(reference(small));
    return id;
  }

  // ---- crashes ---------------------------------------------------------------------------------------------

  @Test
  @Order(12)
  void theJobServiceSigkilledMidJobAndStartedAgainLosesNothing() throws Exception {
    String id = api.submit(SchedulingJob.body(artifact, largeInputs, 3, Map.of("mapDelayMillis", "800")));
    await().atMost(JOB_LIMIT).until(() -> api.job(id).path("progress").path("map").path("succeeded").asInt() >= 3);
    ManagedProcess jobService = platform.process("job-service");
    long pid = jobService.pid();
    jobService.process().destroyForcibly();
    await().atMost(Duration.ofMinutes(2)).until(() -> jobService.pid() != pid && jobService.isAlive());
    // The gateway answers 503 until the new job service is up; awaitFinished polls through that.
    JsonNode job = api.awaitFinished(id, JOB_LIMIT);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(api.output(id)).isEqualTo(reference(large));
  }

  @Test
  @Order(13)
  void workersSigkilledAndFrozenAtRandomWhileNewOnesStartDoNotChangeTheOutput() throws Exception {
    long seed = Long.getLong("gristmill.chaos.seed", System.nanoTime());
    System.out.println("Chaos seed " + seed + " (rerun with -Dgristmill.chaos.seed=" + seed + ")");
    Random random = new Random(seed);
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> api.job(firstJob) != null);
    String id = api.submit(SchedulingJob.body(artifact, largeInputs, 4, Map.of("mapDelayMillis", "700",
        "reduceDelayMillis", "1000")));
    Map<String, Integer> frozenAtRound = new HashMap<>();
    Thread joiner = null;
    Set<String> before = new HashSet<>();
    for (int round = 0; round < 8 && !PlatformApi.FINAL.contains(api.job(id).path("status").asText()); round++) {
      int r = round;
      // Pacing of the faults, not synchronisation: the next one comes after a random 1.5 to 3.5 s.
      await().pollDelay(Duration.ofMillis(1500 + random.nextInt(2000))).atMost(Duration.ofSeconds(10))
          .until(() -> true);
      // Thaw what has been frozen for two rounds: a hang longer than the lease, then the worker comes back.
      for (String name : List.copyOf(frozenAtRound.keySet())) {
        if (frozenAtRound.get(name) <= r - 2) {
          System.out.println("round " + r + ": SIGCONT " + name);
          platform.thaw(name);
          frozenAtRound.remove(name);
        }
      }
      // A worker still joining is no victim: killed three times before its first ready answer, it fails the join.
      Set<String> joining = joiner != null && joiner.isAlive() ? platform.workers().stream()
          .map(w -> w.spec().name()).filter(name -> !before.contains(name)).collect(Collectors.toSet()) : Set.of();
      List<ManagedProcess> running = platform.workers().stream()
          .filter(w -> w.isAlive() && !w.isFrozen() && !joining.contains(w.spec().name())).toList();
      if (running.size() < 2) {
        continue; // keep one worker working
      }
      ManagedProcess victim = running.get(random.nextInt(running.size()));
      switch (random.nextInt(3)) {
        case 0 -> {
          System.out.println("round " + r + ": SIGKILL " + victim.spec().name());
          victim.process().destroyForcibly();
        }
        case 1 -> {
          System.out.println("round " + r + ": SIGSTOP " + victim.spec().name());
          platform.freeze(victim.spec().name());
          frozenAtRound.put(victim.spec().name(), r);
        }
        default -> {
          if (joiner == null) {
            System.out.println("round " + r + ": a new worker joins");
            platform.workers().forEach(w -> before.add(w.spec().name()));
            joiner = new Thread(platform::addWorker, "chaos-joiner");
            joiner.start();
          } else {
            System.out.println("round " + r + ": SIGKILL " + victim.spec().name());
            victim.process().destroyForcibly();
          }
        }
      }
    }
    frozenAtRound.keySet().forEach(platform::thaw);
    JsonNode job = api.awaitFinished(id, JOB_LIMIT);
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(api.output(id)).isEqualTo(reference(large));
    if (joiner != null) {
      joiner.join(TimeUnit.MINUTES.toMillis(3));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private static List<String> upload(Map<String, byte[]> corpus) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
      ids.add(api.upload(file.getKey(), file.getValue()));
    }
    return ids;
  }

  private static String reference(Map<String, byte[]> corpus) {
    return new String(ReferenceWordCount.of(corpus.values()), StandardCharsets.UTF_8);
  }

  /** The partitions' lines merged in UTF-8 byte order of their keys, as a sequential word count would print. */
  private static String mergedLines(List<byte[]> parts) {
    TreeMap<byte[], String> lines = new TreeMap<>(java.util.Arrays::compareUnsigned);
    for (byte[] part : parts) {
      new String(part, StandardCharsets.UTF_8).lines().forEach(line -> lines.put(
          line.substring(0, line.indexOf('\t')).getBytes(StandardCharsets.UTF_8), line));
    }
    return lines.values().stream().map(line -> line + "\n").collect(Collectors.joining());
  }

  /** True when two attempts on different workers ran during a common interval. */
  private static boolean overlapOnDifferentWorkers(List<JsonNode> attempts) {
    for (JsonNode a : attempts) {
      for (JsonNode b : attempts) {
        if (!a.path("workerId").equals(b.path("workerId"))
            && start(a).isBefore(end(b)) && start(b).isBefore(end(a))) {
          return true;
        }
      }
    }
    return false;
  }

  private static Instant start(JsonNode attempt) {
    return Instant.parse(attempt.path("startedAt").asText());
  }

  private static Instant end(JsonNode attempt) {
    return attempt.path("finishedAt").isNull() ? Instant.now() : Instant.parse(attempt.path("finishedAt").asText());
  }

  private static long running(List<JsonNode> attempts) {
    return attempts.stream().filter(a -> a.path("status").asText().equals("RUNNING")).count();
  }

  private static JsonNode workerWithPid(long pid) throws Exception {
    return api.workers().stream().filter(w -> w.path("pid").asLong() == pid).findFirst().orElse(null);
  }
}
