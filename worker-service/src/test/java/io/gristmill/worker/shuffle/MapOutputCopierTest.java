package io.gristmill.worker.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.shuffle.v1.FetchPartitionRequest;
import io.gristmill.contracts.shuffle.v1.FetchPartitionResponse;
import io.gristmill.contracts.shuffle.v1.ShuffleGrpc;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.mapoutput.MapOutputFixtures;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.merge.SortedRun;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries of map output copies, against a Shuffle server that fails as told, through a real in-process channel. */
class MapOutputCopierTest {

  @TempDir
  Path scratch;

  /** Per map attempt: the statuses its next fetches fail with, then its data. */
  private final Map<String, List<Status>> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private Server server;
  private ManagedChannel channel;
  private MapOutputCopier copier;

  @TempDir
  Path workDir;

  private ShuffleFetcher shuffle;
  private StorageFetcher storage;

  @BeforeEach
  void start() throws IOException {
    String name = "shuffle-" + UUID.randomUUID();
    server = InProcessServerBuilder.forName(name).addService(new ShuffleGrpc.ShuffleImplBase() {
      @Override
      public void fetchPartition(FetchPartitionRequest request, StreamObserver<FetchPartitionResponse> responses) {
        int call = calls.computeIfAbsent(request.getMapAttemptId(), id -> new AtomicInteger()).getAndIncrement();
        List<Status> planned = failures.getOrDefault(request.getMapAttemptId(), List.of());
        if (call < planned.size()) {
          responses.onError(planned.get(call).asRuntimeException());
          return;
        }
        responses.onNext(FetchPartitionResponse.newBuilder()
            .setData(ByteString.copyFromUtf8("run of " + request.getMapAttemptId())).build());
        responses.onCompleted();
      }
    }).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    shuffle = new ShuffleFetcher(address -> channel, Duration.ofSeconds(10), Duration.ofSeconds(10));
    storage = new StorageFetcher(new BlobStoreClient(List.of(channel), BlobStoreClient.Timeouts.defaults()));
    copier = new MapOutputCopier(shuffle, storage, 2,
        new MapOutputCopier.Retries(3, Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  private MapOutputCopier localCopier(MapOutputStore store) {
    return new MapOutputCopier(shuffle, storage, Optional.of(store), 2, 0,
        new MapOutputCopier.Retries(3, Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void copiesAnOutputThisWorkerHoldsFromItsDiskWithoutCallingItsShuffleService() throws Exception {
    MapOutputStore store = new MapOutputStore(workDir);
    String attempt = UUID.randomUUID().toString();
    MapOutputFixtures.write(store.stagingDir(attempt), "p0".getBytes(UTF_8), "held here".getBytes(UTF_8));
    store.publish(attempt);

    List<SortedRun> runs = localCopier(store).copyAll(List.of(new MapOutputSource(0, attempt, "self:1")), 1, 2, scratch);

    assertThat(text(runs.get(0))).isEqualTo("held here");
    assertThat(calls).doesNotContainKey(attempt);
  }

  @Test
  void readsOutputsThisWorkerHoldsIntoMemoryWhileTheBudgetLastsAndCopiesTheRestToDisk() throws Exception {
    MapOutputStore store = new MapOutputStore(workDir);
    String first = published(store, "ten bytes!");
    String second = published(store, "past the budget");
    String third = published(store, "0123456789");
    MapOutputCopier copier = new MapOutputCopier(shuffle, storage, Optional.of(store), 1, 20,
        new MapOutputCopier.Retries(3, Duration.ofMillis(1), Duration.ofMillis(5)));

    List<SortedRun> runs = copier.copyAll(List.of(new MapOutputSource(0, first, "self:1"),
        new MapOutputSource(1, second, "self:1"), new MapOutputSource(2, third, "self:1")), 0, 1, scratch);

    assertThat(runs).extracting(SortedRun::onDisk).containsExactly(false, true, false);
    assertThat(runs.get(1)).isEqualTo(SortedRun.onDisk(scratch.resolve("map-00001.run")));
    assertThat(runs).extracting(MapOutputCopierTest::text)
        .containsExactly("ten bytes!", "past the budget", "0123456789");
    assertThat(calls).isEmpty();
  }

  @Test
  void reportsACorruptLocalOutputReadIntoMemoryAsLost() throws Exception {
    MapOutputStore store = new MapOutputStore(workDir);
    String attempt = published(store, "intact");
    Files.write(MapOutputFixtures.dataFile(workDir, attempt), "broken".getBytes(UTF_8));
    MapOutputCopier copier = new MapOutputCopier(shuffle, storage, Optional.of(store), 2, 1 << 20,
        new MapOutputCopier.Retries(3, Duration.ofMillis(1), Duration.ofMillis(5)));

    assertThatThrownBy(() -> copier.copyAll(List.of(new MapOutputSource(5, attempt, "self:1")), 0, 1, scratch))
        .isInstanceOfSatisfying(MapOutputFetchException.class, e -> assertThat(e.lost())
            .extracting(LostMapOutput::mapIndex).containsExactly(5));
    assertThat(calls).doesNotContainKey(attempt);
  }

  private static String published(MapOutputStore store, String partition) throws IOException {
    String attempt = UUID.randomUUID().toString();
    MapOutputFixtures.write(store.stagingDir(attempt), partition.getBytes(UTF_8));
    store.publish(attempt);
    return attempt;
  }

  @Test
  void fetchesAnOutputThisWorkerDoesNotHoldThroughTheShuffleService() throws Exception {
    String attempt = UUID.randomUUID().toString();

    List<SortedRun> runs = localCopier(new MapOutputStore(workDir))
        .copyAll(List.of(new MapOutputSource(0, attempt, "w1:1")), 0, 1, scratch);

    assertThat(text(runs.get(0))).isEqualTo("run of " + attempt);
    assertThat(calls.get(attempt)).hasValue(1);
  }

  @Test
  void reportsACorruptLocalOutputAsLost() throws Exception {
    MapOutputStore store = new MapOutputStore(workDir);
    String attempt = UUID.randomUUID().toString();
    MapOutputFixtures.write(store.stagingDir(attempt), "intact".getBytes(UTF_8));
    store.publish(attempt);
    Files.write(MapOutputFixtures.dataFile(workDir, attempt), "broken".getBytes(UTF_8));

    assertThatThrownBy(() -> localCopier(store).copyAll(List.of(new MapOutputSource(3, attempt, "self:1")), 0, 1,
        scratch)).isInstanceOfSatisfying(MapOutputFetchException.class,
            e -> assertThat(e.lost()).extracting(LostMapOutput::mapIndex).containsExactly(3));
    assertThat(calls).doesNotContainKey(attempt);
  }

  @Test
  void retriesAnUnavailableHolderUntilItServes() throws Exception {
    String attempt = "a";
    failures.put(attempt, List.of(Status.UNAVAILABLE.withDescription("restarting"),
        Status.DEADLINE_EXCEEDED.withDescription("slow")));
    List<SortedRun> runs = copier.copyAll(List.of(new MapOutputSource(0, attempt, "w1:1")), 0, 1, scratch);
    assertThat(text(runs.get(0))).isEqualTo("run of a");
    assertThat(calls.get(attempt)).hasValue(3);
  }

  @Test
  void doesNotRetryAnOutputThatIsGoneAndNamesEveryLostOutput() {
    failures.put("gone", List.of(Status.NOT_FOUND.withDescription("no output for map attempt gone")));
    failures.put("down", List.of(Status.UNAVAILABLE.withDescription("down"), Status.UNAVAILABLE.withDescription("down"),
        Status.UNAVAILABLE.withDescription("still down")));
    List<MapOutputSource> sources = List.of(new MapOutputSource(4, "down", "w2:1"),
        new MapOutputSource(1, "ok", "w3:1"), new MapOutputSource(2, "gone", "w1:1"));
    assertThatThrownBy(() -> copier.copyAll(sources, 0, 1, scratch))
        .isInstanceOfSatisfying(MapOutputFetchException.class, e -> assertThat(e.lost()).containsExactly(
            new LostMapOutput(2, "gone", "cannot fetch partition 0 of map 2 (attempt gone) from w1:1: NOT_FOUND: "
                + "no output for map attempt gone"),
            new LostMapOutput(4, "down", "cannot fetch partition 0 of map 4 (attempt down) from w2:1: "
                + "UNAVAILABLE: still down")))
        .hasMessage("cannot fetch partition 0 of map 2 (attempt gone) from w1:1: NOT_FOUND: no output for map "
            + "attempt gone (and 1 more map outputs)");
    assertThat(calls.get("gone")).as("an output that is gone is not asked for again").hasValue(1);
    assertThat(calls.get("down")).as("tries per output").hasValue(3);
    assertThat(calls.get("ok")).hasValue(1);
  }

  /** A copy's bytes, from disk or memory; a string, as the fake outputs are. */
  private static String text(SortedRun run) {
    if (run instanceof SortedRun.InMemory memory) {
      return new String(memory.data(), UTF_8);
    }
    try {
      return Files.readString(((SortedRun.OnDisk) run).file());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
