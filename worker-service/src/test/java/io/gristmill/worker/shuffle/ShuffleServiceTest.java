package io.gristmill.worker.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.shuffle.v1.FetchPartitionRequest;
import io.gristmill.contracts.shuffle.v1.FetchPartitionResponse;
import io.gristmill.contracts.shuffle.v1.ShuffleGrpc;
import io.gristmill.worker.mapoutput.MapOutputFixtures;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleServiceTest {

  private static final int LARGE_BYTES = 20 * (1 << 20) + 12_345;

  @TempDir
  static Path workDir;

  private static final AtomicInteger messagesSent = new AtomicInteger();
  private static final String serverName = "shuffle-" + UUID.randomUUID();
  private static MapOutputStore store;
  private static Server server;
  private static ManagedChannel channel;
  private static String mapAttempt;
  private static byte[] large;

  @BeforeAll
  static void startServer() throws IOException {
    store = new MapOutputStore(workDir);
    store.clean();
    mapAttempt = UUID.randomUUID().toString();
    large = new byte[LARGE_BYTES];
    new Random(3).nextBytes(large);
    Path staging = store.stagingDir(mapAttempt);
    MapOutputFixtures.write(staging, "some records".getBytes(), new byte[0], large);
    store.publish(mapAttempt);
    server = InProcessServerBuilder.forName(serverName)
        .addService(ServerInterceptors.intercept(new ShuffleService(store), new CountingInterceptor()))
        .build()
        .start();
    channel = InProcessChannelBuilder.forName(serverName).build();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Counts the messages the service hands to gRPC, to see whether it respects flow control. */
  private static final class CountingInterceptor implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
        ServerCallHandler<Q, A> next) {
      return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
        @Override
        public void sendMessage(A message) {
          messagesSent.incrementAndGet();
          super.sendMessage(message);
        }
      }, headers);
    }
  }

  private static Iterator<FetchPartitionResponse> fetch(String attemptId, int partition) {
    return ShuffleGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .fetchPartition(FetchPartitionRequest.newBuilder().setMapAttemptId(attemptId).setPartition(partition).build());
  }

  private static List<FetchPartitionResponse> fetchAll(String attemptId, int partition) {
    List<FetchPartitionResponse> responses = new ArrayList<>();
    fetch(attemptId, partition).forEachRemaining(responses::add);
    return responses;
  }

  @Test
  void streamsAPartitionFileExactly() {
    List<FetchPartitionResponse> responses = fetchAll(mapAttempt, 0);
    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).getData().toStringUtf8()).isEqualTo("some records");
  }

  @Test
  void streamsAnEmptyPartitionAsAnEmptyStream() {
    assertThat(fetchAll(mapAttempt, 1)).isEmpty();
  }

  @Test
  void streamsALargePartitionInMessagesOfAtMostOneMebibyte() {
    List<FetchPartitionResponse> responses = fetchAll(mapAttempt, 2);
    assertThat(responses).hasSize(21);
    assertThat(responses).allSatisfy(r -> assertThat(r.getData().size()).isLessThanOrEqualTo(1 << 20));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    responses.forEach(r -> joined.writeBytes(r.getData().toByteArray()));
    assertThat(joined.toByteArray()).isEqualTo(large);
  }

  @Test
  void sendsOnlyWhatTheClientIsReadyToReceive() throws Exception {
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    List<ClientCallStreamObserver<FetchPartitionRequest>> call = new ArrayList<>();
    int sentBefore = messagesSent.get();
    ShuffleGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).fetchPartition(
        FetchPartitionRequest.newBuilder().setMapAttemptId(mapAttempt).setPartition(2).build(),
        new ClientResponseObserver<FetchPartitionRequest, FetchPartitionResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<FetchPartitionRequest> requestStream) {
            requestStream.disableAutoRequestWithInitial(1);
            call.add(requestStream);
          }

          @Override
          public void onNext(FetchPartitionResponse value) {
            received.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(received.get());
          }
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 1);
    // The client asked for one message: the server must hold back the other twenty.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> messagesSent.get() - sentBefore <= 2);
    call.get(0).request(100);
    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(21);
  }

  @Test
  void answersDataLossWhenAPartitionFailsItsChecksum() throws IOException {
    String corrupt = UUID.randomUUID().toString();
    MapOutputFixtures.write(store.stagingDir(corrupt), "first".getBytes(), "second".getBytes());
    store.publish(corrupt);
    Path data = MapOutputFixtures.dataFile(workDir, corrupt);
    byte[] bytes = Files.readAllBytes(data);
    bytes[6] ^= 1; // inside partition 1
    Files.write(data, bytes);

    assertThat(fetchAll(corrupt, 0)).extracting(r -> r.getData().toStringUtf8()).containsExactly("first");
    assertThatThrownBy(() -> fetchAll(corrupt, 1))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
          assertThat(e.getStatus().getDescription()).isEqualTo("map output " + data + " bytes [5, 11) fail their "
              + "CRC32C check");
        });
  }

  @Test
  void answersNotFoundForAnAttemptItDoesNotHold() {
    String unknown = UUID.randomUUID().toString();
    assertThatThrownBy(() -> fetchAll(unknown, 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("no output for map attempt " + unknown);
        });
  }

  @Test
  void rejectsAttemptIdsThatAreNotUuidsSoNoPathCanEscapeTheWorkDir() {
    assertThatThrownBy(() -> fetchAll("../../etc", 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("map_attempt_id must be a lower-case UUID, got '../../etc'");
        });
  }

  @Test
  void rejectsPartitionsTheAttemptDoesNotHave() {
    assertThatThrownBy(() -> fetchAll(mapAttempt, 3))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("map attempt " + mapAttempt + " has 3 partitions, so no partition 3");
        });
    assertThatThrownBy(() -> fetchAll(mapAttempt, -1))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("partition must not be negative, got -1");
        });
  }

  @Test
  void fetcherCopiesAPartitionToALocalFile(@TempDir Path scratch) throws Exception {
    ShuffleFetcher fetcher = new ShuffleFetcher(address -> channel, Duration.ofSeconds(10), Duration.ofSeconds(10));
    Path target = scratch.resolve("run");
    fetcher.fetch(new MapOutputSource(4, mapAttempt, "in-process"), 2, target);
    assertThat(Files.readAllBytes(target)).isEqualTo(large);
  }

  @Test
  void fetcherNamesTheMapAndAddressWhenAFetchFails(@TempDir Path scratch) {
    ShuffleFetcher fetcher = new ShuffleFetcher(address -> channel, Duration.ofSeconds(10), Duration.ofSeconds(10));
    String unknown = UUID.randomUUID().toString();
    assertThatThrownBy(() -> fetcher.fetch(new MapOutputSource(4, unknown, "worker-7:9092"), 1, scratch.resolve("r")))
        .isInstanceOf(ShuffleFetchException.class)
        .hasMessage("cannot fetch partition 1 of map 4 (attempt " + unknown + ") from worker-7:9092: "
            + "NOT_FOUND: no output for map attempt " + unknown);
  }

  @Test
  void fetcherGivesUpOnAMapWorkerThatStopsSendingAsStalled(@TempDir Path scratch) throws Exception {
    // Sends one message, then nothing, never ending the stream: a frozen worker whose connection stays up.
    String frozenName = "frozen-" + UUID.randomUUID();
    Server frozen = InProcessServerBuilder.forName(frozenName).addService(new ShuffleGrpc.ShuffleImplBase() {
      @Override
      public void fetchPartition(FetchPartitionRequest request, StreamObserver<FetchPartitionResponse> responses) {
        responses.onNext(FetchPartitionResponse.newBuilder().setData(ByteString.copyFromUtf8("first")).build());
      }
    }).build().start();
    ManagedChannel frozenChannel = InProcessChannelBuilder.forName(frozenName).build();
    try {
      ShuffleFetcher fetcher =
          new ShuffleFetcher(address -> frozenChannel, Duration.ofSeconds(30), Duration.ofMillis(200));
      long start = System.nanoTime();
      assertThatThrownBy(() -> fetcher.fetch(new MapOutputSource(2, mapAttempt, "worker-3:9092"), 0,
          scratch.resolve("r")))
          .isInstanceOfSatisfying(ShuffleFetchException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessage("cannot fetch partition 0 of map 2 (attempt " + mapAttempt + ") from worker-3:9092: "
              + "no data for PT0.2S, the map worker seems frozen");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      frozenChannel.shutdownNow();
      frozen.shutdownNow();
    }
  }
}
