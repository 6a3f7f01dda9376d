package io.gristmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.MapOutputLocation;
import io.gristmill.contracts.job.v1.MapSpec;
import io.gristmill.contracts.job.v1.ReduceSpec;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.worker.fakes.FakeBlobStore;
import io.gristmill.worker.fakes.FakeServices;
import io.gristmill.worker.fakes.FakeTaskDispatch;
import io.gristmill.mapreduce.HashPartitioner;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole word count through a real worker (its Spring context, task loops, loopback shuffle server) against
 * in-process fakes of the job service and the blob store, which are other services.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WordCountEndToEndTest {

  private static final FakeServices services = new FakeServices("worker-test");
  private static final FakeTaskDispatch dispatch = services.dispatch();
  private static final FakeBlobStore blobStore = services.blobStore();
  private static final Path workDir = services.workDir();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    services.register(registry);
    // A tiny merge factor, so reduces of more than three maps merge in several passes through local disk; and room
    // in memory for the first few map outputs only, so a reduce merges runs in memory among runs on disk.
    registry.add("gristmill.worker.engine.merge-factor", () -> "3");
    registry.add("gristmill.worker.engine.shuffle-memory", () -> "300B");
  }

  @BeforeAll
  static void pollOften() {
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
  }

  @AfterAll
  static void stopFakes() {
    Awaitility.reset();
    services.stop();
  }

  @LocalServerPort
  int httpPort;

  @Test
  void countsWordsAcrossManySplitsAndPartitionsExactlyLikeAReference() {
    byte[] text = sampleText();
    String fileId = blobStore.put("input.txt", text);
    String jobId = UUID.randomUUID().toString();
    int splitBytes = 97;
    int reducers = 3;
    String shuffleAddress = awaitShuffleAddress();

    List<MapOutputLocation> locations = new ArrayList<>();
    for (int index = 0; (long) index * splitBytes < text.length; index++) {
      String attemptId = UUID.randomUUID().toString();
      dispatch.enqueue(TaskAssignment.newBuilder()
          .setAttemptId(attemptId).setJobId(jobId).setTaskId("m" + index).setKind(TaskKind.TASK_KIND_MAP)
          .setIndex(index).setJobType("wordcount").setReducers(reducers)
          .setMap(MapSpec.newBuilder().setFileId(fileId).setFileName("input.txt")
              .setOffset((long) index * splitBytes).setLength(splitBytes).setFileSize(text.length))
          .build());
      locations.add(MapOutputLocation.newBuilder()
          .setMapIndex(index).setAttemptId(attemptId).setShuffleAddress(shuffleAddress).build());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> locations.stream().allMatch(l -> reported(l.getAttemptId())));
    List<CompleteAttemptRequest> maps = locations.stream().map(l -> awaitCompletion(l.getAttemptId())).toList();
    assertThat(maps.stream().mapToLong(m -> m.getCountersOrThrow("map.input.bytes")).sum()).isEqualTo(text.length);
    assertThat(maps.stream().mapToLong(m -> m.getCountersOrThrow("map.input.records")).sum())
        .isEqualTo(new String(text, StandardCharsets.UTF_8).split("\n", -1).length);

    List<String> reduceAttempts = new ArrayList<>();
    for (int partition = 0; partition < reducers; partition++) {
      String attemptId = UUID.randomUUID().toString();
      reduceAttempts.add(attemptId);
      dispatch.enqueue(TaskAssignment.newBuilder()
          .setAttemptId(attemptId).setJobId(jobId).setTaskId("r" + partition).setKind(TaskKind.TASK_KIND_REDUCE)
          .setIndex(partition).setJobType("wordcount").setReducers(reducers)
          .setReduce(ReduceSpec.newBuilder().addAllMapOutputs(locations))
          .build());
    }

    Map<String, Long> reference = referenceCounts(text);
    long outputRecords = 0;
    // Small enough not to spill: what the combiner wrote is what the reducers read.
    long mapOutputRecords = maps.stream().mapToLong(m -> m.getCountersOrThrow("combine.output.records")).sum();
    long reduceInputRecords = 0;
    for (int partition = 0; partition < reducers; partition++) {
      CompleteAttemptRequest reduce = awaitCompletion(reduceAttempts.get(partition));
      FakeBlobStore.StoredFile output = blobStore.file(reduce.getOutputFileId());
      // Under the attempt's temporary name: the job service renames the committed attempt's file.
      assertThat(output.header().getName())
          .isEqualTo(String.format("job-%s/_temporary/%s/part-r-%05d", jobId, reduceAttempts.get(partition), partition));
      assertThat(output.header().getOwner()).isEqualTo("system");
      assertThat(new String(output.content(), StandardCharsets.UTF_8))
          .isEqualTo(expectedPartition(reference, partition, reducers));
      outputRecords += reduce.getCountersOrThrow("reduce.output.records");
      reduceInputRecords += reduce.getCountersOrThrow("reduce.input.records");
      assertThat(reduce.getCountersOrThrow("reduce.input.groups"))
          .isEqualTo(reduce.getCountersOrThrow("reduce.output.records"));
      assertThat(reduce.getCountersOrThrow("reduce.merge.passes")).as("merge passes of %d runs", locations.size())
          .isGreaterThanOrEqualTo(2);
    }
    assertThat(outputRecords).isEqualTo(reference.size());
    assertThat(reduceInputRecords).isEqualTo(mapOutputRecords);
    // Reduce scratch space is gone; map outputs stay for other reducers until the job service is done with them.
    assertThat(workDir.resolve(reduceAttempts.get(0) + ".reduce")).doesNotExist();
    assertThat(workDir.resolve(locations.get(0).getAttemptId())).isDirectory();
  }

  @Test
  void keepsIntermediateDataInTheBlobStoreWhenAskedAndReducesReadItFromThereNotFromTheMapWorker() {
    byte[] text = sampleText();
    String fileId = blobStore.put("stored.txt", text);
    String jobId = UUID.randomUUID().toString();
    int splitBytes = 1_000;
    int reducers = 3;
    List<MapOutputLocation> locations = new ArrayList<>();
    for (int index = 0; (long) index * splitBytes < text.length; index++) {
      String attemptId = UUID.randomUUID().toString();
      dispatch.enqueue(TaskAssignment.newBuilder()
          .setAttemptId(attemptId).setJobId(jobId).setTaskId("m" + index).setKind(TaskKind.TASK_KIND_MAP)
          .setIndex(index).setJobType("wordcount").setReducers(reducers).putParams("intermediate", "storage")
          .setMap(MapSpec.newBuilder().setFileId(fileId).setFileName("stored.txt")
              .setOffset((long) index * splitBytes).setLength(splitBytes).setFileSize(text.length))
          .build());
      CompleteAttemptRequest map = awaitCompletion(attemptId);
      FakeBlobStore.StoredFile stored = blobStore.file(map.getIntermediateFileId());
      assertThat(stored.header().getName()).isEqualTo(String.format("job-%s/map-%05d-%s.out", jobId, index,
          attemptId));
      assertThat(stored.header().getOwner()).isEqualTo("system");
      // The blob store holds the only copy: nothing stays on the map worker's disk.
      assertThat(workDir.resolve(attemptId)).doesNotExist();
      // An address nobody serves: a reducer that called the Shuffle service instead would fail.
      locations.add(MapOutputLocation.newBuilder().setMapIndex(index).setAttemptId(attemptId)
          .setShuffleAddress("localhost:1").setIntermediateFileId(map.getIntermediateFileId()).build());
    }

    Map<String, Long> reference = referenceCounts(text);
    for (int partition = 0; partition < reducers; partition++) {
      String attemptId = UUID.randomUUID().toString();
      dispatch.enqueue(reduceAssignment(attemptId, jobId, partition, reducers, locations));
      CompleteAttemptRequest reduce = awaitCompletion(attemptId);
      assertThat(new String(blobStore.file(reduce.getOutputFileId()).content(), StandardCharsets.UTF_8))
          .isEqualTo(expectedPartition(reference, partition, reducers));
      assertThat(reduce.getCountersOrThrow("shuffle.bytes")).isPositive();
      assertThat(reduce.getCountersOrThrow("shuffle.bytes.from-storage"))
          .isEqualTo(reduce.getCountersOrThrow("shuffle.bytes"));
    }
  }

  @Test
  void failsAReduceWhoseStoredMapOutputFailsItsChecksum() {
    String fileId = blobStore.put("corrupt.txt", "alpha beta gamma\n".getBytes(StandardCharsets.UTF_8));
    String jobId = UUID.randomUUID().toString();
    String mapAttempt = UUID.randomUUID().toString();
    dispatch.enqueue(mapAssignment(mapAttempt, jobId, fileId, 17, 1).toBuilder()
        .putParams("intermediate", "storage").build());
    String storedId = awaitCompletion(mapAttempt).getIntermediateFileId();
    byte[] content = blobStore.file(storedId).content();
    // The last byte is data (the index of one partition is the first 20), e.g. the count of a word.
    content[content.length - 1] ^= 1;
    long dataBytes = content.length - 20;

    String reduceAttempt = UUID.randomUUID().toString();
    dispatch.enqueue(reduceAssignment(reduceAttempt, jobId, 0, 1, List.of(MapOutputLocation.newBuilder()
        .setMapIndex(0).setAttemptId(mapAttempt).setShuffleAddress("localhost:1").setIntermediateFileId(storedId)
        .build())));
    assertThat(awaitFailure(reduceAttempt).getError()).isEqualTo("partition 0 of map 0 (attempt " + mapAttempt
        + ") in blob store file " + storedId + ": " + dataBytes + " of " + dataBytes
        + " bytes read, failing their CRC32C check");
    assertThat(workDir.resolve(reduceAttempt + ".reduce")).doesNotExist();
  }

  @Test
  void deletesTheStoredMapOutputOfAnAttemptWhoseCompletionIsRefused() {
    String fileId = blobStore.put("refused.txt", "refused words\n".getBytes(StandardCharsets.UTF_8));
    String attemptId = UUID.randomUUID().toString();
    dispatch.refuseCompletionOf(attemptId);
    dispatch.enqueue(mapAssignment(attemptId, UUID.randomUUID().toString(), fileId, 14, 2).toBuilder()
        .putParams("intermediate", "storage").build());
    String storedId = awaitCompletion(attemptId).getIntermediateFileId();
    assertThat(storedId).isNotEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> !blobStore.contains(storedId));
  }

  @Test
  void deletesTheTemporaryOutputOfAReduceWhoseCompletionIsRefused() {
    // As for a backup that lost the race: the job service killed it and answers its completion accepted = false.
    String fileId = blobStore.put("lost-race.txt", "lost race\n".getBytes(StandardCharsets.UTF_8));
    String jobId = UUID.randomUUID().toString();
    String mapAttempt = runMap(jobId, fileId, 10, 1);
    String reduceAttempt = UUID.randomUUID().toString();
    dispatch.refuseCompletionOf(reduceAttempt);
    dispatch.enqueue(reduceAssignment(reduceAttempt, jobId, 0, 1, List.of(MapOutputLocation.newBuilder()
        .setMapIndex(0).setAttemptId(mapAttempt).setShuffleAddress(awaitShuffleAddress()).build())));

    String outputId = awaitCompletion(reduceAttempt).getOutputFileId();
    assertThat(outputId).isNotEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> !blobStore.contains(outputId));
  }

  @Test
  void writesAnEmptyFileForAnEmptyPartition() {
    String fileId = blobStore.put("blank.txt", "123 456\n\n".getBytes(StandardCharsets.UTF_8));
    String jobId = UUID.randomUUID().toString();
    String mapAttempt = runMap(jobId, fileId, 9, 2);
    String reduceAttempt = UUID.randomUUID().toString();
    dispatch.enqueue(TaskAssignment.newBuilder()
        .setAttemptId(reduceAttempt).setJobId(jobId).setTaskId("r1").setKind(TaskKind.TASK_KIND_REDUCE)
        .setIndex(1).setJobType("wordcount").setReducers(2)
        .setReduce(ReduceSpec.newBuilder().addMapOutputs(MapOutputLocation.newBuilder()
            .setMapIndex(0).setAttemptId(mapAttempt).setShuffleAddress(awaitShuffleAddress())))
        .build());
    CompleteAttemptRequest reduce = awaitCompletion(reduceAttempt);
    assertThat(blobStore.file(reduce.getOutputFileId()).content()).isEmpty();
    assertThat(reduce.getCountersMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "reduce.input.records", 0L, "reduce.input.groups", 0L, "reduce.output.records", 0L, "shuffle.bytes", 0L));
  }

  @Test
  void failsAnAttemptOfAnUnknownJobTypeAndCarriesOn() {
    String attemptId = UUID.randomUUID().toString();
    dispatch.enqueue(TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId("j").setTaskId("t").setKind(TaskKind.TASK_KIND_MAP)
        .setJobType("sorting").setReducers(1)
        .setMap(MapSpec.newBuilder().setFileId("f").setLength(1).setFileSize(1))
        .build());
    FailAttemptRequest failure = awaitFailure(attemptId);
    assertThat(failure.getError()).isEqualTo("unknown job type 'sorting'");
    assertThat(failure.getStackTrace())
        .startsWith("io.gristmill.worker.job.UnknownJobTypeException: unknown job type 'sorting'")
        .contains("at io.gristmill.worker.job.JobRuntimes.load(");
    assertThat(failure.getWorkerId()).startsWith("worker-");

    String fileId = blobStore.put("after.txt", "still working\n".getBytes(StandardCharsets.UTF_8));
    runMap(UUID.randomUUID().toString(), fileId, 14, 1);
  }

  @Test
  void failsAReduceWhoseMapOutputCannotBeFetchedNamingTheMapAndAddress() {
    String lost = UUID.randomUUID().toString();
    String attemptId = UUID.randomUUID().toString();
    String address = awaitShuffleAddress();
    dispatch.enqueue(TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId("j").setTaskId("r0").setKind(TaskKind.TASK_KIND_REDUCE)
        .setJobType("wordcount").setReducers(1)
        .setReduce(ReduceSpec.newBuilder().addMapOutputs(MapOutputLocation.newBuilder()
            .setMapIndex(5).setAttemptId(lost).setShuffleAddress(address)))
        .build());
    assertThat(awaitFailure(attemptId).getError()).isEqualTo("cannot fetch partition 0 of map 5 (attempt " + lost
        + ") from " + address + ": NOT_FOUND: no output for map attempt " + lost);
    assertThat(workDir.resolve(attemptId + ".reduce")).doesNotExist();
  }

  @Test
  void discardsTheOutputOfAnAttemptWhoseCompletionIsRefused() {
    String fileId = blobStore.put("late.txt", "too late\n".getBytes(StandardCharsets.UTF_8));
    String attemptId = UUID.randomUUID().toString();
    dispatch.refuseCompletionOf(attemptId);
    dispatch.enqueue(mapAssignment(attemptId, UUID.randomUUID().toString(), fileId, 9, 1));
    awaitCompletion(attemptId);
    await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(workDir.resolve(attemptId)));
  }

  @Test
  void registersAgainWhenTheJobServiceForgetsTheWorker() {
    awaitShuffleAddress();
    int registrations = dispatch.registrations().size();
    dispatch.forgetWorkers();
    await().atMost(Duration.ofSeconds(5)).until(() -> dispatch.registrations().size() > registrations);
    int heartbeats = dispatch.heartbeats();
    await().atMost(Duration.ofSeconds(5)).until(() -> dispatch.heartbeats() > heartbeats);
  }

  @Test
  void registersItsShuffleAddressAndAnswersHealthProbes() throws Exception {
    assertThat(awaitShuffleAddress()).matches("localhost:\\d+");
    assertThat(dispatch.registrations().get(0).getSlots()).isEqualTo(2);
    HttpClient http = HttpClient.newHttpClient();
    for (String probe : List.of("readiness", "liveness")) {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/actuator/health/" + probe)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"status\":\"UP\"");
    }
  }

  private static String runMap(String jobId, String fileId, long size, int reducers) {
    String attemptId = UUID.randomUUID().toString();
    dispatch.enqueue(mapAssignment(attemptId, jobId, fileId, size, reducers));
    awaitCompletion(attemptId);
    return attemptId;
  }

  private static TaskAssignment mapAssignment(String attemptId, String jobId, String fileId, long size, int reducers) {
    return TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId(jobId).setTaskId("m0").setKind(TaskKind.TASK_KIND_MAP)
        .setJobType("wordcount").setReducers(reducers)
        .setMap(MapSpec.newBuilder().setFileId(fileId).setLength(size).setFileSize(size))
        .build();
  }

  private static TaskAssignment reduceAssignment(String attemptId, String jobId, int partition, int reducers,
      List<MapOutputLocation> locations) {
    return TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId(jobId).setTaskId("r" + partition).setKind(TaskKind.TASK_KIND_REDUCE)
        .setIndex(partition).setJobType("wordcount").setReducers(reducers)
        .setReduce(ReduceSpec.newBuilder().addAllMapOutputs(locations))
        .build();
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

  /** Mixed case, accents, other scripts, digits, punctuation, CRLF, a line longer than a split, invalid UTF-8. */
  private static byte[] sampleText() {
    String[] vocabulary = {"The", "the", "THE", "quick", "brown", "fox", "École", "école", "ΟΔΟΣ", "οδός", "日本語",
        "naïve", "İstanbul", "straße", "o'neil", "42nd", "x-ray", "𐐀bc", "a", "Zebra", "über"};
    String[] separators = {" ", " ", ", ", ". ", "\t", "\n", "\r\n", " -- ", "\n\n", "!"};
    Random random = new Random(42);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      text.append(vocabulary[random.nextInt(vocabulary.length)]);
      text.append(i == 1_000 ? "" : separators[random.nextInt(separators.length)]);
    }
    text.append("long".repeat(100)).append(" tail without newline");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(text.substring(0, 5_000).getBytes(StandardCharsets.UTF_8));
    bytes.write(0xFF);
    bytes.writeBytes(text.substring(5_000).getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  /** Counted independently of the worker: a letter-run regex over the whole decoded text. */
  private static Map<String, Long> referenceCounts(byte[] text) {
    Map<String, Long> counts = new TreeMap<>();
    Matcher words = Pattern.compile("\\p{L}+").matcher(new String(text, StandardCharsets.UTF_8));
    while (words.find()) {
      counts.merge(words.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
    }
    return counts;
  }

  private static String expectedPartition(Map<String, Long> reference, int partition, int reducers) {
    StringBuilder expected = new StringBuilder();
    reference.keySet().stream()
        .map(word -> word.getBytes(StandardCharsets.UTF_8))
        .filter(word -> HashPartitioner.partition(word, reducers) == partition)
        .sorted(Arrays::compareUnsigned)
        .forEach(word -> {
          String w = new String(word, StandardCharsets.UTF_8);
          expected.append(w).append('\t').append(reference.get(w)).append('\n');
        });
    return expected.toString();
  }
}
