package io.gristmill.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.FetchFailure;
import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.MapOutputLocation;
import io.gristmill.contracts.job.v1.MapSpec;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.ReduceSpec;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.gristmill.contracts.job.v1.TaskKind;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.client.ShortCircuitReads;
import io.gristmill.worker.WorkerProperties;
import io.gristmill.worker.artifact.ArtifactCache;
import io.gristmill.worker.fakes.FakeBlobStore;
import io.gristmill.worker.fakes.FakeTaskDispatch;
import io.gristmill.worker.job.JobRuntimes;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.shuffle.MapOutputCopier;
import io.gristmill.worker.shuffle.ShuffleFetcher;
import io.gristmill.worker.shuffle.StorageFetcher;
import io.gristmill.worker.task.MapTaskRunner;
import io.gristmill.worker.task.ReduceTaskRunner;
import io.gristmill.worker.task.TaskExecutor;
import io.gristmill.worker.wordcount.WordCount;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker (session, task loops, attempt runner, real map and reduce runners) against the fake job service and
 * blob store, both real in-process gRPC servers, through real channels: what it does when attempts are
 * cancelled, it is declared dead, the job service goes away, map outputs cannot be fetched, and it drains.
 */
class WorkerFaultToleranceTest {

  /** Long enough that the first 1 KiB read message is followed by more: a gated read holds the map mid-input. */
  private static final byte[] INPUT = "alpha beta gamma delta\n".repeat(200).getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path workDir;

  private final FakeTaskDispatch dispatch = new FakeTaskDispatch();
  private final FakeBlobStore blobStore = new FakeBlobStore();
  private final String dispatchName = "dispatch-" + UUID.randomUUID();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<FakeBlobStore.Gate> gates = new ArrayList<>();
  /** Every call from the worker to the job service as it ended: "Method STATUS". */
  private final List<String> dispatchCalls = new CopyOnWriteArrayList<>();
  private Server dispatchServer;
  private Server blobServer;
  private Worker worker;
  private boolean drained;

  @BeforeAll
  static void pollOften() {
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    Awaitility.setDefaultTimeout(Duration.ofSeconds(10));
  }

  @BeforeEach
  void startFakes() throws IOException {
    dispatchServer = InProcessServerBuilder.forName(dispatchName).addService(dispatch).build().start();
    String blobName = "blobs-" + UUID.randomUUID();
    blobServer = InProcessServerBuilder.forName(blobName).addService(blobStore).build().start();
    channels.add(InProcessChannelBuilder.forName(blobName).build());
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    gates.forEach(FakeBlobStore.Gate::open);
    if (worker != null && !drained) {
      worker.drainAndLeave();
    }
    channels.forEach(ManagedChannel::shutdownNow);
    dispatchServer.shutdownNow();
    blobServer.shutdownNow();
  }

  @Test
  void cancellationStopsRunningAttemptAndDiscardsItsOutput() throws Exception {
    startWorker(properties(Duration.ofSeconds(5)));
    String fileId = blobStore.put("input.txt", INPUT);
    FakeBlobStore.Gate gate = gate(fileId);
    String attemptId = enqueueMap(fileId);
    assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isTrue();
    await().until(() -> lastHeartbeat().getRunningAttemptIdsList().contains(attemptId));
    assertThat(workDir.resolve(attemptId + ".tmp")).isDirectory();

    dispatch.cancel(attemptId);
    // About a second: the heartbeat that carries the cancellation, then the interrupted read.
    await().atMost(Duration.ofSeconds(2)).until(() -> !Files.exists(workDir.resolve(attemptId + ".tmp")));
    await().until(() -> !lastHeartbeat().getRunningAttemptIdsList().contains(attemptId));

    // The slot is free again; one slot, so a report of the cancelled attempt would have come before this one's.
    String next = enqueueMap(blobStore.put("next.txt", "next words\n".getBytes(StandardCharsets.UTF_8)));
    await().until(() -> dispatch.completion(next) != null);
    assertThat(dispatch.completion(attemptId)).isNull();
    assertThat(dispatch.failure(attemptId)).as("a cancelled attempt is not reported as failed").isNull();
    assertThat(workDir.resolve(attemptId)).doesNotExist();
  }

  @Test
  void slotRunsItsNextTasksWhileACompletionIsReportedAndTheirReportsGoOutInOneCall() throws Exception {
    startWorker(properties(Duration.ofSeconds(5)));
    dispatch.holdBatches();
    String first = enqueueMap(blobStore.put("first.txt", "first words\n".getBytes(StandardCharsets.UTF_8)));
    await().until(() -> lastHeartbeat().getRunningAttemptIdsList().contains(first) && dispatch.queued() == 0);

    // One slot: the next two maps run while the first one's report is held at the job service.
    String second = enqueueMap(blobStore.put("second.txt", "second words\n".getBytes(StandardCharsets.UTF_8)));
    String third = enqueueMap(blobStore.put("third.txt", "third words\n".getBytes(StandardCharsets.UTF_8)));
    await().until(() -> dispatch.queued() == 0 && Files.isDirectory(workDir.resolve(third)));
    assertThat(dispatch.completion(first)).isNull();
    assertThat(lastHeartbeat().getRunningAttemptIdsList())
        .as("an attempt whose report is not answered yet keeps its lease").contains(first);

    dispatch.releaseBatches();

    await().until(() -> dispatch.completion(third) != null);
    assertThat(dispatch.batches()).containsExactly(1, 2);
    assertThat(dispatch.events()).containsSubsequence("completed " + first, "completed " + second,
        "completed " + third);
    assertThat(count("CompleteAttempt OK")).as("no report went alone").isZero();
  }

  @Test
  void tasksClaimedAheadAreListedInHeartbeatsWhileQueuedAndRunInOrder() throws Exception {
    QueuedBehindAGate queue = queueTwoMapsBehindAHeldOne();
    FakeBlobStore.Gate gate = queue.gate();
    String held = queue.held();
    String first = queue.first();
    String second = queue.second();

    assertThat(dispatch.queued()).as("all three went out in one AcquireTask").isZero();
    assertThat(dispatch.maxAssignments()).contains(5);
    await().until(() -> lastHeartbeat().getRunningAttemptIdsList().containsAll(List.of(held, first, second)));
    assertThat(dispatch.completion(first)).as("one slot: queued behind the held attempt").isNull();
    gate.open();
    awaitCompletion(second);
    assertThat(dispatch.events()).containsSubsequence("completed " + held, "completed " + first,
        "completed " + second);
  }

  @Test
  void aQueuedAttemptTheJobServiceCancelsIsNeverRun() throws Exception {
    QueuedBehindAGate queue = queueTwoMapsBehindAHeldOne();
    FakeBlobStore.Gate gate = queue.gate();
    String held = queue.held();
    String cancelled = queue.first();
    String last = queue.second();
    await().until(() -> lastHeartbeat().getRunningAttemptIdsList().contains(cancelled));

    dispatch.cancel(cancelled);
    await().until(() -> !lastHeartbeat().getRunningAttemptIdsList().contains(cancelled));
    gate.open();

    awaitCompletion(last);
    awaitCompletion(held);
    assertThat(dispatch.completion(cancelled)).isNull();
    assertThat(dispatch.failure(cancelled)).isNull();
    assertThat(workDir.resolve(cancelled)).doesNotExist();
  }

  /** Three maps that went out in one AcquireTask to a one-slot worker: the first held at its split read. */
  private record QueuedBehindAGate(FakeBlobStore.Gate gate, String held, String first, String second) {}

  private QueuedBehindAGate queueTwoMapsBehindAHeldOne() throws Exception {
    startWorker(properties(Duration.ofSeconds(5), new WorkerProperties.Prefetch(4, Duration.ofHours(1))));
    awaitCompletion(enqueueMap(blobStore.put("warm.txt", "warm words\n".getBytes(StandardCharsets.UTF_8))));
    String fileId = blobStore.put("input.txt", INPUT);
    FakeBlobStore.Gate gate = gate(fileId);
    dispatch.pausePolls();
    String held = enqueueMap(fileId);
    String first = enqueueMap(blobStore.put("first.txt", "first words\n".getBytes(StandardCharsets.UTF_8)));
    String second = enqueueMap(blobStore.put("second.txt", "second words\n".getBytes(StandardCharsets.UTF_8)));
    dispatch.resumePolls();
    assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isTrue();
    return new QueuedBehindAGate(gate, held, first, second);
  }

  @Test
  void asksForOneTaskAtATimeWhileTasksRunLong() throws Exception {
    // Every task counts as long: prefetching stays off.
    startWorker(properties(Duration.ofSeconds(5), new WorkerProperties.Prefetch(4, Duration.ZERO)));
    String first = enqueueMap(blobStore.put("first.txt", "first words\n".getBytes(StandardCharsets.UTF_8)));
    awaitCompletion(first);
    String second = enqueueMap(blobStore.put("second.txt", "second words\n".getBytes(StandardCharsets.UTF_8)));
    awaitCompletion(second);

    assertThat(dispatch.maxAssignments()).isNotEmpty().allMatch(max -> max == 1);
  }

  @Test
  void reportsCompletionsOneByOneToAJobServiceWithoutBatches() throws Exception {
    dispatch.batchesUnimplemented();
    startWorker(properties(Duration.ofSeconds(5)));
    String first = enqueueMap(blobStore.put("first.txt", "first words\n".getBytes(StandardCharsets.UTF_8)));
    awaitCompletion(first);
    String second = enqueueMap(blobStore.put("second.txt", "second words\n".getBytes(StandardCharsets.UTF_8)));
    dispatch.refuseCompletionOf(second);

    awaitCompletion(second);

    assertThat(count("CompleteAttempts UNIMPLEMENTED")).as("asked once, then remembered").isEqualTo(1);
    assertThat(count("CompleteAttempt OK")).isEqualTo(2);
    assertThat(workDir.resolve(first)).as("an accepted map output is kept").isDirectory();
    await().until(() -> !Files.exists(workDir.resolve(second)));
    assertThat(dispatch.batches()).isEmpty();
  }

  @Test
  void reRegistrationCancelsAttemptsOfOldId() throws Exception {
    startWorker(properties(Duration.ofSeconds(5)));
    String fileId = blobStore.put("input.txt", INPUT);
    FakeBlobStore.Gate gate = gate(fileId);
    String attemptId = enqueueMap(fileId);
    assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isTrue();
    assertThat(workDir.resolve(attemptId + ".tmp")).isDirectory();

    dispatch.forgetWorkers();
    await().until(() -> dispatch.registrations().size() == 2);
    await().atMost(Duration.ofSeconds(2)).until(() -> !Files.exists(workDir.resolve(attemptId + ".tmp")));
    gate.open();

    String next = enqueueMap(blobStore.put("next.txt", "next words\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(awaitCompletion(next).getWorkerId()).isEqualTo("worker-2");
    assertThat(dispatch.completion(attemptId)).isNull();
    assertThat(dispatch.failure(attemptId)).isNull();
    assertThat(dispatch.registrations().get(1).getRequestId())
        .as("a new registration has a new request id")
        .isNotEqualTo(dispatch.registrations().get(0).getRequestId());
  }

  @Test
  void registrationRetryReusesRequestId() {
    dispatch.loseRegistrationReplies(2);
    startWorker(properties(Duration.ofSeconds(5)));
    await().until(() -> !dispatch.heartbeatRequests().isEmpty());

    List<RegisterWorkerRequest> registrations = dispatch.registrations();
    assertThat(registrations).hasSize(3);
    String requestId = registrations.get(0).getRequestId();
    assertThat(UUID.fromString(requestId).toString()).isEqualTo(requestId);
    assertThat(registrations).extracting(RegisterWorkerRequest::getRequestId).containsOnly(requestId);
    // At most once: the two lost replies and the retry that got through made one worker, whose id it uses.
    assertThat(dispatch.events()).containsExactly("registered worker-1");
    assertThat(lastHeartbeat().getWorkerId()).isEqualTo("worker-1");
  }

  @Test
  void heartbeatsCarrySendTimeAndTheClockOffsetEstimate() {
    dispatch.serverClockBehind(Duration.ofMinutes(10));
    startWorker(properties(Duration.ofSeconds(5)));
    await().until(() -> dispatch.heartbeatRequests().stream().anyMatch(HeartbeatRequest::hasClockOffsetMillis));
    HeartbeatRequest first = dispatch.heartbeatRequests().get(0);
    assertThat(first.hasClockOffsetMillis()).as("no estimate before the first round trip").isFalse();
    HeartbeatRequest estimated = dispatch.heartbeatRequests().stream()
        .filter(HeartbeatRequest::hasClockOffsetMillis).findFirst().orElseThrow();
    // The worker runs ten minutes ahead of the job service; in-process round trips are well under a second.
    assertThat(estimated.getClockOffsetMillis()).isBetween(600_000L - 1_000, 600_000L + 1_000);
    assertThat(estimated.getSentAtMillis()).isBetween(first.getSentAtMillis(), System.currentTimeMillis());
    assertThat(estimated.getDraining()).isFalse();
  }

  @Test
  void reportsAreRetriedUntilJobServiceReturns() throws Exception {
    startWorker(properties(Duration.ofSeconds(5)));
    String fileId = blobStore.put("input.txt", INPUT);
    FakeBlobStore.Gate gate = gate(fileId);
    long before = System.currentTimeMillis();
    String attemptId = enqueueMap(fileId);
    assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isTrue();

    dispatchServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    gate.open();
    // The report is retried while heartbeats go on, on their own thread, failing too while the job service is away.
    await().until(() -> count("CompleteAttempts UNAVAILABLE") >= 2 && count("Heartbeat UNAVAILABLE") >= 1);
    assertThat(dispatch.completion(attemptId)).isNull();
    int heartbeats = dispatch.heartbeats();

    dispatchServer = InProcessServerBuilder.forName(dispatchName).addService(dispatch).build().start();
    CompleteAttemptRequest completion = awaitCompletion(attemptId);
    long after = System.currentTimeMillis();
    assertThat(completion.getCountersOrThrow("map.input.bytes")).isEqualTo(INPUT.length);
    assertThat(completion.getStartedAtMillis()).isBetween(before, after);
    assertThat(completion.getFinishedAtMillis()).isBetween(completion.getStartedAtMillis(), after);
    assertThat(workDir.resolve(attemptId)).as("an accepted map output is kept").isDirectory();
    await().until(() -> dispatch.heartbeats() > heartbeats);
  }

  @Test
  void reduceReportsFetchFailureForUnreachableMapOutput() throws Exception {
    startWorker(properties(Duration.ofSeconds(5)));
    String unreachable = "localhost:" + freePort();
    String lostMap = UUID.randomUUID().toString();
    String missingFile = UUID.randomUUID().toString();
    String storedMap = UUID.randomUUID().toString();
    String attemptId = UUID.randomUUID().toString();
    dispatch.enqueue(TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId("job").setTaskId("r0").setKind(TaskKind.TASK_KIND_REDUCE)
        .setJobType("wordcount").setReducers(1)
        .setReduce(ReduceSpec.newBuilder()
            .addMapOutputs(MapOutputLocation.newBuilder()
                .setMapIndex(7).setAttemptId(storedMap).setShuffleAddress(unreachable)
                .setIntermediateFileId(missingFile))
            .addMapOutputs(MapOutputLocation.newBuilder()
                .setMapIndex(3).setAttemptId(lostMap).setShuffleAddress(unreachable)))
        .build());

    await().until(() -> dispatch.failure(attemptId) != null);
    FailAttemptRequest failure = dispatch.failure(attemptId);
    assertThat(failure.getFetchFailuresList()).extracting(FetchFailure::getMapIndex, FetchFailure::getMapAttemptId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, lostMap),
            org.assertj.core.groups.Tuple.tuple(7, storedMap));
    String refused = "cannot fetch partition 0 of map 3 (attempt " + lostMap + ") from " + unreachable
        + ": UNAVAILABLE: ";
    assertThat(failure.getFetchFailures(0).getError()).startsWith(refused);
    assertThat(failure.getFetchFailures(1).getError()).isEqualTo("cannot read partition 0 of map 7 (attempt "
        + storedMap + ") from blob store file " + missingFile + ": NOT_FOUND: no file " + missingFile);
    assertThat(failure.getError()).startsWith(refused).endsWith(" (and 1 more map outputs)");
    assertThat(failure.getStartedAtMillis()).isPositive();
    assertThat(failure.getFinishedAtMillis()).isGreaterThanOrEqualTo(failure.getStartedAtMillis());
    assertThat(workDir.resolve(attemptId + ".reduce")).doesNotExist();
  }

  @Test
  void drainFinishesRunningAttemptThenLeaves() throws Exception {
    startWorker(properties(Duration.ofSeconds(30)));
    String fileId = blobStore.put("input.txt", INPUT);
    FakeBlobStore.Gate gate = gate(fileId);
    String attemptId = enqueueMap(fileId);
    assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isTrue();

    Thread draining = new Thread(() -> {
      try {
        worker.drainAndLeave();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    drained = true;
    draining.start();
    await().until(() -> lastHeartbeat().getDraining());
    assertThat(lastHeartbeat().getRunningAttemptIdsList()).containsExactly(attemptId);
    String waiting = enqueueMap(blobStore.put("later.txt", "later\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(draining.isAlive()).as("the drain waits for the running attempt").isTrue();

    gate.open();
    draining.join(Duration.ofSeconds(10).toMillis());
    assertThat(draining.isAlive()).isFalse();
    assertThat(dispatch.events()).containsExactly("registered worker-1", "completed " + attemptId, "left worker-1");
    assertThat(dispatch.completion(waiting)).as("a draining worker takes no new task").isNull();
    assertThat(dispatch.queued()).isEqualTo(1);
    assertThat(workDir.resolve(attemptId)).isDirectory();
  }

  @Test
  void drainCancelsAttemptsThatOutlastTheDrainTimeout() throws Exception {
    startWorker(properties(Duration.ofMillis(300)));
    String fileId = blobStore.put("input.txt", INPUT);
    FakeBlobStore.Gate gate = gate(fileId);
    String attemptId = enqueueMap(fileId);
    assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isTrue();

    drained = true;
    worker.drainAndLeave();
    assertThat(dispatch.events()).containsExactly("registered worker-1", "left worker-1");
    assertThat(dispatch.failure(attemptId)).as("a cancelled attempt is not reported as failed").isNull();
    assertThat(workDir.resolve(attemptId + ".tmp")).doesNotExist();
  }

  private void startWorker(WorkerProperties properties) {
    ManagedChannel dispatchChannel = InProcessChannelBuilder.forName(dispatchName).build();
    channels.add(dispatchChannel);
    TaskDispatchGrpc.TaskDispatchBlockingStub stub =
        TaskDispatchGrpc.newBlockingStub(ClientInterceptors.intercept(dispatchChannel, new CallRecorder(),
            new ReconnectPromptly(dispatchChannel)));
    BlobStoreClient blobs = new BlobStoreClient(List.of(channels.get(0)), BlobStoreClient.Timeouts.defaults());
    MapOutputStore store = new MapOutputStore(workDir);
    Map<String, ManagedChannel> shuffleChannels = new ConcurrentHashMap<>();
    ShuffleFetcher shuffle = new ShuffleFetcher(address -> shuffleChannels.computeIfAbsent(address, a -> {
      ManagedChannel channel = ManagedChannelBuilder.forTarget(a).usePlaintext().build();
      channels.add(channel);
      return channel;
    }), Duration.ofSeconds(10), properties.fetch().stallTimeout());
    JobRuntimes jobs = new JobRuntimes(List.of(new WordCount()), new ArtifactCache(workDir.resolve("jars"), blobs));
    TaskExecutor executor = new TaskExecutor(new MapTaskRunner(jobs, blobs,
        new ShortCircuitReads(blobs, properties.engine().shortCircuitReads()), store, 1 << 20),
        new ReduceTaskRunner(jobs, blobs, store, new MapOutputCopier(shuffle, new StorageFetcher(blobs), 2,
            new MapOutputCopier.Retries(properties.fetch().attempts(), properties.fetch().initialBackoff(),
                properties.fetch().maxBackoff())), properties.engine().mergeFactor()));
    worker = new Worker(stub, executor, store, blobs, properties, Clock.systemUTC(), "localhost:7070");
    worker.start();
  }

  private WorkerProperties properties(Duration drainTimeout) {
    return properties(drainTimeout, new WorkerProperties.Prefetch(0, Duration.ZERO));
  }

  private WorkerProperties properties(Duration drainTimeout, WorkerProperties.Prefetch prefetch) {
    return new WorkerProperties("in-process:" + dispatchName, List.of("in-process:blobs"), 1, workDir, "localhost",
        Duration.ofMillis(200), prefetch, Duration.ofSeconds(2), Duration.ofSeconds(10), drainTimeout,
        Duration.ofSeconds(30),
        new WorkerProperties.Registration(Duration.ofMillis(20), Duration.ofMillis(100)),
        new WorkerProperties.Fetch(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5)),
        new WorkerProperties.Engine(org.springframework.util.unit.DataSize.ofMegabytes(1), 2, 64,
            org.springframework.util.unit.DataSize.ofMegabytes(32), true));
  }

  private FakeBlobStore.Gate gate(String fileId) {
    FakeBlobStore.Gate gate = blobStore.gate(fileId);
    gates.add(gate);
    return gate;
  }

  private String enqueueMap(String fileId) {
    String attemptId = UUID.randomUUID().toString();
    long size = blobStore.file(fileId).content().length;
    dispatch.enqueue(TaskAssignment.newBuilder()
        .setAttemptId(attemptId).setJobId("job").setTaskId("m-" + attemptId).setKind(TaskKind.TASK_KIND_MAP)
        .setJobType("wordcount").setReducers(2)
        .setMap(MapSpec.newBuilder().setFileId(fileId).setFileName("input.txt").setLength(size).setFileSize(size))
        .build());
    return attemptId;
  }

  private CompleteAttemptRequest awaitCompletion(String attemptId) {
    await().until(() -> dispatch.completion(attemptId) != null || dispatch.failure(attemptId) != null);
    assertThat(dispatch.failure(attemptId)).as("failure of %s", attemptId).isNull();
    return dispatch.completion(attemptId);
  }

  private HeartbeatRequest lastHeartbeat() {
    await().until(() -> !dispatch.heartbeatRequests().isEmpty());
    List<HeartbeatRequest> heartbeats = dispatch.heartbeatRequests();
    return heartbeats.get(heartbeats.size() - 1);
  }

  private int count(String call) {
    return (int) dispatchCalls.stream().filter(call::equals).count();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Records how each call of the worker to the job service ended, as the worker saw it. */
  private final class CallRecorder implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onClose(Status status, Metadata trailers) {
              dispatchCalls.add(method.getBareMethodName() + " " + status.getCode());
              super.onClose(status, trailers);
            }
          }, headers);
        }
      };
    }
  }
}
