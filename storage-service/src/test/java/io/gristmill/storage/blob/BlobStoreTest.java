package io.gristmill.storage.blob;

import static io.gristmill.storage.StorageTestSupport.assertStatus;
import static io.gristmill.storage.StorageTestSupport.chunkFiles;
import static io.gristmill.storage.StorageTestSupport.failureOf;
import static io.gristmill.storage.StorageTestSupport.flipByte;
import static io.gristmill.storage.StorageTestSupport.header;
import static io.gristmill.storage.StorageTestSupport.randomBytes;
import static io.gristmill.storage.StorageTestSupport.read;
import static io.gristmill.storage.StorageTestSupport.sha256;
import static io.gristmill.storage.StorageTestSupport.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ReadChunkRequest;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.chunk.Chunk;
import io.gristmill.storage.chunk.LocalChunkStore;
import io.gristmill.storage.chunk.ReplicaLocation;
import io.gristmill.storage.chunk.StoredChunk;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.storage.system.StreamProducers;
import io.gristmill.testsupport.postgres.FreshDatabaseInitializer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The BlobStore and ChunkTransfer APIs of one node, through real gRPC on loopback and a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.grpc.server.port=0",
    "gristmill.storage.node-id=node-1",
    "gristmill.storage.zone=zone-1",
    "gristmill.storage.max-file-size=12MB",
    "gristmill.storage.heartbeat-interval=100ms"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class BlobStoreTest {

  /** Not a multiple of the 64 KiB checksum block, so chunk edges fall inside blocks. */
  private static final int CHUNK = 150_000;
  private static final Path DATA_DIR = Path.of("target", "test-data", "blob-store-" + UUID.randomUUID());

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("gristmill.storage.data-dir", DATA_DIR::toString);
  }

  @Autowired
  LocalNode node;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  FileCatalog catalog;

  @Autowired
  PlatformTransactionManager transactions;

  @Autowired
  FileReader reader;

  @Autowired
  LocalChunkStore chunkStore;

  @Autowired
  StreamProducers producers;

  @LocalServerPort
  int httpPort;

  private ManagedChannel channel;
  private BlobStoreClient client;

  @BeforeEach
  void connect() {
    channel = ManagedChannelBuilder.forTarget(node.address()).usePlaintext().build();
    client = new BlobStoreClient(List.of(channel),
        new BlobStoreClient.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)));
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK + 12_345})
  void roundTripsRandomBinaryFilesOfAnySize(int size) throws Exception {
    byte[] data = randomBytes(size, size);

    FileInfo uploaded = upload(client, "data-" + size + ".bin", CHUNK, data);

    assertThat(uploaded.getName()).isEqualTo("data-" + size + ".bin");
    assertThat(uploaded.getSize()).isEqualTo(size);
    assertThat(uploaded.getSha256()).isEqualTo(sha256(data));
    assertThat(uploaded.getChunkSize()).isEqualTo(CHUNK);
    assertThat(uploaded.getReplication()).isEqualTo(3);
    assertThat(uploaded.getOwner()).isEqualTo("tester");
    assertThat(uploaded.getChunksCount()).isEqualTo((size + CHUNK - 1) / CHUNK);
    for (ChunkInfo chunk : uploaded.getChunksList()) {
      assertThat(chunk.getOffset()).isEqualTo((long) chunk.getIndex() * CHUNK);
      assertThat(chunk.getSize()).isEqualTo(Math.min(CHUNK, size - chunk.getOffset()));
      assertThat(chunk.getVersion()).isEqualTo(1);
      assertThat(chunk.getReplicasList()).containsExactly(ReplicaInfo.newBuilder()
          .setNodeId("node-1").setAddress(node.address()).setZone("zone-1").setState("LIVE").build());
      assertThat(chunkFiles(DATA_DIR)).contains(chunk.getHandle(), chunk.getHandle() + ".crc");
    }
    assertThat(client.getFile(uploaded.getId())).isEqualTo(uploaded);
    byte[] back = read(client, uploaded.getId(), 0, 0);
    assertThat(back).isEqualTo(data);
    assertThat(sha256(back)).isEqualTo(sha256(data));
  }

  @Test
  void readsExactRangesAcrossChunkEdges() throws Exception {
    byte[] data = randomBytes(10 * CHUNK + 777, 42);
    String id = upload(client, "ranges.bin", CHUNK, data).getId();

    long[][] ranges = {
        {CHUNK - 10, 20}, {CHUNK, CHUNK}, {CHUNK - 1, 1}, {CHUNK - 1, 2}, {3 * CHUNK + 5, 4 * CHUNK},
        {65_530, 20}, {0, 1}, {data.length - 1, 0}, {data.length - 100, 10_000}, {2 * CHUNK + 1, 0}};
    for (long[] range : ranges) {
      int from = (int) range[0];
      int to = range[1] == 0 ? data.length : (int) Math.min(data.length, range[0] + range[1]);
      assertThat(read(client, id, range[0], range[1]))
          .as("range %d +%d", range[0], range[1])
          .isEqualTo(Arrays.copyOfRange(data, from, to));
      assertThat(readThreeBytesThenTransfer(id, range[0], range[1]))
          .as("range %d +%d, read then transferred", range[0], range[1])
          .isEqualTo(Arrays.copyOfRange(data, from, to));
    }
  }

  /** How the gateway streams content: {@code transferTo}, here after a few bytes taken by {@code read}. */
  private byte[] readThreeBytesThenTransfer(String id, long offset, long length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = client.open(id, offset, length)) {
      byte[] first = new byte[3];
      int n = in.readNBytes(first, 0, 3);
      out.write(first, 0, n);
      long transferred = in.transferTo(out);
      assertThat(transferred).isEqualTo(out.size() - n);
      assertThat(in.read()).isEqualTo(-1);
    }
    return out.toByteArray();
  }

  @Test
  void aRangeReadLoadsOnlyTheChunksThatHoldItsBytesWithTheirReplicas() throws Exception {
    byte[] data = randomBytes(10 * CHUNK + 777, 43);
    UUID id = UUID.fromString(upload(client, "layout.bin", CHUNK, data).getId());

    FileLayout range = catalog.committedLayout(id, 3L * CHUNK - 1, CHUNK + 2);

    assertThat(range.chunks()).extracting(FileLayout.ChunkLayout::index).containsExactly(2, 3, 4);
    assertThat(range.chunks()).allSatisfy(chunk -> assertThat(chunk.replicas())
        .extracting(ReplicaLocation::nodeId).containsExactly("node-1"));
    assertThat(range.chunk(3).offset()).isEqualTo(3L * CHUNK);
    assertThat(range.size()).isEqualTo(data.length);
    assertThat(catalog.committedLayout(id, 0, 0).chunks()).hasSize(11);
    assertThat(catalog.committedLayout(id, data.length - 1, 100).chunks())
        .extracting(FileLayout.ChunkLayout::index).containsExactly(10);
    assertThat(catalog.committedLayout(id, data.length, 0).chunks()).isEmpty();
    assertThat(catalog.committedLayout(id, 0, 0)).isEqualTo(catalog.committedLayout(id));
  }

  @Test
  void aReadWhoseChunkWasReformedSinceItsLayoutWasLoadedReadsTheCurrentReplicaAndMarksNothingStale()
      throws Exception {
    byte[] data = randomBytes(2 * CHUNK + 5, 44);
    UUID id = UUID.fromString(upload(client, "moving.bin", CHUNK, data).getId());
    FileLayout loaded = catalog.committedLayout(id);
    UUID handle = loaded.chunk(1).handle();
    // What the repairer's re-forming of the replica set does to this node's replica, after the layout was loaded.
    chunkStore.writeVersion(handle, 2);
    jdbc.update("update storage.chunks set version = 2 where handle = ?", handle);
    jdbc.update("update storage.replicas set version = 2 where chunk_handle = ?", handle);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    reader.read(new FileReader.Range(loaded, 0, data.length), piece -> out.writeBytes(piece.toByteArray()));

    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(jdbc.queryForObject("select state from storage.replicas where chunk_handle = ?", String.class, handle))
        .isEqualTo("LIVE");
  }

  @Test
  void sendsReadsInMessagesOfAtMostOneMebibyte() throws Exception {
    byte[] data = randomBytes(3 * (1 << 20) + 5, 7);
    String id = upload(client, "big.bin", 2 << 20, data).getId();

    Iterator<ReadResponse> responses = BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .read(ReadRequest.newBuilder().setFileId(id).build());
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Integer> sizes = new ArrayList<>();
    responses.forEachRemaining(r -> {
      sizes.add(r.getData().size());
      all.writeBytes(r.getData().toByteArray());
    });

    assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(1, 1 << 20));
    assertThat(sizes).contains(1 << 20);
    assertThat(all.toByteArray()).isEqualTo(data);
  }

  @Test
  void rejectsEveryInvalidHeaderWithItsReason() {
    long filesBefore = fileRows();
    Set<String> chunksBefore = chunkFiles(DATA_DIR);
    byte[] data = randomBytes(10, 1);

    assertStatus(() -> upload(client, "", CHUNK, data), Status.Code.INVALID_ARGUMENT, "name must not be empty");
    assertStatus(() -> upload(client, "x".repeat(256), CHUNK, data), Status.Code.INVALID_ARGUMENT,
        "name is 256 characters long; at most 255 are allowed");
    assertStatus(() -> upload(client, "bad\tname", CHUNK, data), Status.Code.INVALID_ARGUMENT,
        "name contains the control character U+0009 at position 3");
    assertStatus(() -> upload(client, "small", 4095, data), Status.Code.INVALID_ARGUMENT,
        "chunk size 4095 is outside the allowed range [4096, 1073741824] bytes");
    assertStatus(() -> upload(client, "huge", (1L << 30) + 1, data), Status.Code.INVALID_ARGUMENT,
        "chunk size 1073741825 is outside the allowed range [4096, 1073741824] bytes");
    assertStatus(() -> client.upload(header("many", CHUNK).toBuilder().setReplication(11).build(),
            new java.io.ByteArrayInputStream(data)), Status.Code.INVALID_ARGUMENT,
        "replication 11 is outside the allowed range [1, 10]");

    assertThat(fileRows()).isEqualTo(filesBefore);
    assertThat(chunkFiles(DATA_DIR)).isEqualTo(chunksBefore);
  }

  @Test
  void rejectsMalformedUploadStreams() {
    UploadRequest headerMessage = UploadRequest.newBuilder().setHeader(header("x", CHUNK)).build();
    UploadRequest dataMessage = UploadRequest.newBuilder().setData(ByteString.copyFromUtf8("abc")).build();

    assertThat(rawUpload(List.of(dataMessage, headerMessage)))
        .isEqualTo(Status.INVALID_ARGUMENT.withDescription("the first upload message must carry the header").toString());
    assertThat(rawUpload(List.of(headerMessage, dataMessage, headerMessage)))
        .isEqualTo(Status.INVALID_ARGUMENT
            .withDescription("the upload header may only be sent once, in the first message").toString());
    assertThat(rawUpload(List.of()))
        .isEqualTo(Status.INVALID_ARGUMENT.withDescription("the upload ended without a header").toString());
    assertThat(rawUpload(List.of(headerMessage, UploadRequest.getDefaultInstance())))
        .isEqualTo(Status.INVALID_ARGUMENT.withDescription("an upload message must carry a header or data").toString());
    assertThat(fileRowsNamed("x")).isZero();
  }

  @Test
  void refusesAFileOverTheSizeLimitAndKeepsNothingOfIt() {
    Set<String> chunksBefore = chunkFiles(DATA_DIR);
    byte[] data = randomBytes(12 * (1 << 20) + 1, 3);

    assertStatus(() -> upload(client, "too-big.bin", CHUNK, data), Status.Code.RESOURCE_EXHAUSTED,
        "the file exceeds the maximum file size of 12582912 bytes");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(fileRowsNamed("too-big.bin")).isZero();
      assertThat(chunkFiles(DATA_DIR)).isEqualTo(chunksBefore);
    });
  }

  @Test
  void acceptsAFileOfExactlyTheSizeLimit() throws Exception {
    byte[] data = randomBytes(12 * (1 << 20), 4);

    FileInfo file = upload(client, "limit.bin", 4 << 20, data);

    assertThat(file.getSize()).isEqualTo(data.length);
    assertThat(file.getSha256()).isEqualTo(sha256(data));
  }

  @Test
  void aCancelledUploadLeavesNoFileAndNoChunkFiles() throws Exception {
    Set<String> chunksBefore = chunkFiles(DATA_DIR);
    int sentBeforeFailure = 2 << 20; // two of the client's 1 MiB messages, about 14 chunks of 150 000 bytes
    byte[] data = randomBytes(sentBeforeFailure, 5);
    InputStream breaksAfterTwoMessages = new InputStream() {
      int position;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position == data.length) {
          // The node has the first chunks durable and recorded, yet the file must stay invisible.
          await().atMost(Duration.ofSeconds(10)).until(() -> chunkRowsOfFileNamed("broken.bin") >= 13);
          UUID uploading = jdbc.queryForObject("select id from storage.files where name = 'broken.bin'", UUID.class);
          assertStatus(() -> client.getFile(uploading.toString()), Status.Code.NOT_FOUND,
              "file " + uploading + " not found");
          throw new IOException("the source broke");
        }
        int n = Math.min(len, data.length - position);
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
      }
    };

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.upload(header("broken.bin", CHUNK),
        breaksAfterTwoMessages)).isInstanceOf(IOException.class).hasMessage("the source broke");

    // The node cleans up when it sees the cancellation; generous for a loaded two-core machine.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(fileRowsNamed("broken.bin")).isZero();
      assertThat(chunkFiles(DATA_DIR)).isEqualTo(chunksBefore);
    });
  }

  @Test
  void restoresADeletedFileOnlyForItsOwnerOrAnyoneWhenNoOwnerIsNamed() throws Exception {
    byte[] data = randomBytes(CHUNK + 1, 11);
    FileInfo file = client.upload(header("mine.bin", CHUNK).toBuilder().setOwner("alice").build(),
        new java.io.ByteArrayInputStream(data));
    client.delete(file.getId());
    assertStatus(() -> client.getFile(file.getId()), Status.Code.NOT_FOUND, "file " + file.getId() + " not found");

    assertStatus(() -> client.restore(file.getId(), "mallory"), Status.Code.NOT_FOUND,
        "file " + file.getId() + " not found");
    assertStatus(() -> client.getFile(file.getId()), Status.Code.NOT_FOUND, "file " + file.getId() + " not found");

    assertThat(client.restore(file.getId(), "alice").getId()).isEqualTo(file.getId());
    assertThat(read(client, file.getId(), 0, 0)).isEqualTo(data);

    client.delete(file.getId());
    assertThat(client.restore(file.getId(), "").getSize()).isEqualTo(data.length);
  }

  @Test
  void renamesAFileOfItsOwnerInPlaceAndARepeatChangesNothing() throws Exception {
    byte[] data = randomBytes(2 * CHUNK + 5, 12);
    FileInfo file = client.upload(header("job-1/_temporary/a1/part-r-00000", CHUNK).toBuilder().setOwner("system")
        .build(), new java.io.ByteArrayInputStream(data));

    FileInfo renamed = client.rename(file.getId(), "job-1/part-r-00000", "system");

    assertThat(renamed.getName()).isEqualTo("job-1/part-r-00000");
    assertThat(renamed.toBuilder().setName(file.getName()).build()).isEqualTo(file);
    assertThat(client.getFile(file.getId()).getName()).isEqualTo("job-1/part-r-00000");
    assertThat(read(client, file.getId(), 0, 0)).isEqualTo(data);
    assertThat(client.listFiles("system", 0, 10).getFilesList()).extracting(FileInfo::getName)
        .containsExactly("job-1/part-r-00000");

    assertThat(client.rename(file.getId(), "job-1/part-r-00000", "system")).isEqualTo(renamed);
    assertThat(client.rename(file.getId(), "job-1/part-r-00000", "")).isEqualTo(renamed);
    assertThat(fileRowsNamed("job-1/part-r-00000")).isEqualTo(1);
    assertThat(fileRowsNamed("job-1/_temporary/a1/part-r-00000")).isZero();
  }

  /**
   * The test database runs with synchronous_commit off for speed, so each transaction here first asks for the
   * production default, on, and reads what the step left.
   */
  @Test
  void anUploadsStepsCommitWithoutWaitingForTheDiskAndItsCommitWaitsForAll() {
    UploadPlan plan = new UploadPlan("steps.bin", CHUNK, 1, "tester");
    assertThat(synchronousCommitAfter(() -> catalog.startUpload(plan))).isEqualTo("off");
    UUID fileId = catalog.startUpload(plan);
    StoredChunk chunk = new StoredChunk(UUID.randomUUID(), 10, Chunk.FIRST_VERSION, List.of("node-1"));

    assertThat(synchronousCommitAfter(() -> catalog.recordChunk(fileId, 0, 0, chunk))).isEqualTo("off");
    assertThat(synchronousCommitAfter(() -> catalog.commit(fileId, 10, "0".repeat(64)))).isEqualTo("on");
    assertThat(synchronousCommitAfter(() -> catalog.rename(fileId, "renamed.bin", "tester"))).isEqualTo("on");
  }

  private String synchronousCommitAfter(Runnable step) {
    return new TransactionTemplate(transactions).execute(status -> {
      jdbc.execute("SET LOCAL synchronous_commit = on");
      step.run();
      return jdbc.queryForObject("SHOW synchronous_commit", String.class);
    });
  }

  @Test
  void refusesToRenameUnknownDeletedOrAnotherOwnersFilesAndBadNames() throws Exception {
    FileInfo file = client.upload(header("mine.txt", CHUNK).toBuilder().setOwner("alice").build(),
        new java.io.ByteArrayInputStream(randomBytes(10, 13)));
    String unknown = UUID.randomUUID().toString();

    assertStatus(() -> client.rename(unknown, "x", ""), Status.Code.NOT_FOUND, "file " + unknown + " not found");
    assertStatus(() -> client.rename("nope", "x", ""), Status.Code.INVALID_ARGUMENT, "file id 'nope' is not a UUID");
    assertStatus(() -> client.rename(file.getId(), "theirs.txt", "mallory"), Status.Code.NOT_FOUND,
        "file " + file.getId() + " not found");
    assertStatus(() -> client.rename(file.getId(), "", "alice"), Status.Code.INVALID_ARGUMENT,
        "name must not be empty");
    assertStatus(() -> client.rename(file.getId(), "a\nb", "alice"), Status.Code.INVALID_ARGUMENT,
        "name contains the control character U+000A at position 1");
    assertStatus(() -> client.rename(file.getId(), "n".repeat(256), "alice"), Status.Code.INVALID_ARGUMENT,
        "name is 256 characters long; at most 255 are allowed");
    assertThat(client.getFile(file.getId()).getName()).isEqualTo("mine.txt");

    client.delete(file.getId());
    assertStatus(() -> client.rename(file.getId(), "gone.txt", "alice"), Status.Code.NOT_FOUND,
        "file " + file.getId() + " not found");
    assertThat(client.restore(file.getId(), "alice").getName()).isEqualTo("mine.txt");
  }

  @Test
  void answersNotFoundAndInvalidArgumentForBadFileIds() {
    String unknown = UUID.randomUUID().toString();

    assertStatus(() -> client.getFile(unknown), Status.Code.NOT_FOUND, "file " + unknown + " not found");
    assertStatus(() -> client.getFile("not-a-uuid"), Status.Code.INVALID_ARGUMENT,
        "file id 'not-a-uuid' is not a UUID");
    assertStatus(() -> client.getFile("1-1-1-1-1"), Status.Code.INVALID_ARGUMENT, "file id '1-1-1-1-1' is not a UUID");
    assertStatus(() -> client.open(unknown, 0, 0), Status.Code.NOT_FOUND, "file " + unknown + " not found");
    assertStatus(() -> client.delete(unknown), Status.Code.NOT_FOUND, "file " + unknown + " not found");
    assertStatus(() -> client.delete(""), Status.Code.INVALID_ARGUMENT, "file id '' is not a UUID");
  }

  @Test
  void checksReadRanges() throws Exception {
    String id = upload(client, "ten.bin", CHUNK, randomBytes(10, 10)).getId();

    assertStatus(() -> client.open(id, 11, 0), Status.Code.OUT_OF_RANGE,
        "offset 11 is past the end of file " + id + " (10 bytes)");
    assertStatus(() -> client.open(id, -1, 0), Status.Code.INVALID_ARGUMENT, "offset must not be negative; was -1");
    assertStatus(() -> client.open(id, 0, -1), Status.Code.INVALID_ARGUMENT, "length must not be negative; was -1");
    assertThat(read(client, id, 10, 0)).isEmpty();
    assertThat(read(client, id, 10, 5)).isEmpty();
  }

  @Test
  void deletionHidesAFileAtOnceAndIsRecorded() throws Exception {
    String id = upload(client, "doomed.bin", CHUNK, randomBytes(CHUNK + 5, 11)).getId();
    Instant before = Instant.now();

    client.delete(id);

    assertStatus(() -> client.getFile(id), Status.Code.NOT_FOUND, "file " + id + " not found");
    assertStatus(() -> client.open(id, 0, 0), Status.Code.NOT_FOUND, "file " + id + " not found");
    assertStatus(() -> client.delete(id), Status.Code.NOT_FOUND, "file " + id + " not found");
    var row = jdbc.queryForMap("select state, deleted_at from storage.files where id = ?", UUID.fromString(id));
    assertThat(row.get("state")).isEqualTo("DELETED");
    assertThat(((java.sql.Timestamp) row.get("deleted_at")).toInstant()).isAfterOrEqualTo(before.minusSeconds(5));
  }

  @Test
  void aFlippedByteGivesDataLossNeverWrongBytes() throws Exception {
    byte[] data = randomBytes(3 * CHUNK, 12);
    FileInfo file = upload(client, "fragile.bin", CHUNK, data);
    ChunkInfo middle = file.getChunks(1);
    flipByte(DATA_DIR.resolve("chunks").resolve(middle.getHandle()), 70_000);
    String lost = "chunk " + middle.getHandle() + " (index 1 of file " + file.getId() + ") has no intact replica";

    assertStatus(() -> client.open(file.getId(), CHUNK + 65_536, 10), Status.Code.DATA_LOSS, lost);
    assertStatus(() -> read(client, file.getId(), 0, 0), Status.Code.DATA_LOSS, lost);
    assertThat(read(client, file.getId(), 0, CHUNK)).isEqualTo(Arrays.copyOf(data, CHUNK));
    assertThat(read(client, file.getId(), 2 * CHUNK, 0)).isEqualTo(Arrays.copyOfRange(data, 2 * CHUNK, 3 * CHUNK));
    // Marked CORRUPT, and possibly already dropped by the node's next chunk report: either way never LIVE again.
    assertThat(client.getFile(file.getId()).getChunks(1).getReplicasList())
        .allSatisfy(replica -> assertThat(replica.getState()).isEqualTo("CORRUPT"));
  }

  @Test
  void aSlowReaderHoldsTheServerBackAndCancellingStopsIt() throws Exception {
    String id = upload(client, "slow.bin", 4 << 20, randomBytes(12 * (1 << 20), 13)).getId();
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Status> outcome = new CompletableFuture<>();
    List<ClientCallStreamObserver<ReadRequest>> call = new ArrayList<>();
    BlobStoreGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).read(
        ReadRequest.newBuilder().setFileId(id).build(),
        new ClientResponseObserver<ReadRequest, ReadResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<ReadRequest> requestStream) {
            requestStream.disableAutoRequestWithInitial(1);
            call.add(requestStream);
          }

          @Override
          public void onNext(ReadResponse value) {
            received.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {
            outcome.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            outcome.complete(Status.OK);
          }
        });

    await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1);
    // Twelve 1 MiB messages would all fit in memory; flow control must keep the producer waiting instead.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> producers.active() == 1 && received.get() == 1 && !outcome.isDone());

    call.get(0).cancel("reader gave up", null);

    await().atMost(Duration.ofSeconds(10)).until(() -> producers.active() == 0);
    assertThat(outcome.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void servesItsReplicasToOtherNodes() throws Exception {
    byte[] data = randomBytes(2 * CHUNK, 14);
    ChunkInfo second = upload(client, "peer.bin", CHUNK, data).getChunks(1);
    ChunkTransferGrpc.ChunkTransferBlockingStub transfer = ChunkTransferGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    transfer.readChunk(ReadChunkRequest.newBuilder().setHandle(second.getHandle()).setOffset(100).setLength(70_000)
        .build()).forEachRemaining(r -> bytes.writeBytes(r.getData().toByteArray()));
    assertThat(bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(data, CHUNK + 100, CHUNK + 70_100));

    String unknown = UUID.randomUUID().toString();
    assertStatus(() -> transfer.readChunk(ReadChunkRequest.newBuilder().setHandle(unknown).build()).hasNext(),
        Status.Code.NOT_FOUND, "node node-1 holds no replica of chunk " + unknown);
    assertStatus(() -> transfer.readChunk(ReadChunkRequest.newBuilder().setHandle("x").build()).hasNext(),
        Status.Code.INVALID_ARGUMENT, "chunk handle 'x' is not a UUID");
    assertStatus(() -> transfer.readChunk(ReadChunkRequest.newBuilder().setHandle(second.getHandle())
            .setOffset(CHUNK + 1).build()).hasNext(),
        Status.Code.OUT_OF_RANGE, "offset 150001 is past the end of chunk " + second.getHandle() + " (150000 bytes)");
  }

  @Test
  void registersItselfAndKeepsHeartbeating() {
    var row = jdbc.queryForMap("select address, zone, state, capacity_bytes, used_bytes, last_heartbeat "
        + "from storage.nodes where id = 'node-1'");
    assertThat(row.get("address")).isEqualTo(node.address());
    assertThat(node.address()).startsWith("localhost:");
    assertThat(row.get("zone")).isEqualTo("zone-1");
    assertThat(row.get("state")).isEqualTo("LIVE");
    assertThat((Long) row.get("capacity_bytes")).isPositive();
    assertThat((Long) row.get("used_bytes")).isBetween(0L, (Long) row.get("capacity_bytes"));
    Object first = row.get("last_heartbeat");

    await().atMost(Duration.ofSeconds(5)).until(() -> !jdbc.queryForObject(
        "select last_heartbeat from storage.nodes where id = 'node-1'", Object.class).equals(first));
  }

  @Test
  void reportsReadinessAndMetricsOverHttp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + httpPort + "/actuator/health/readiness")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + httpPort + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"status\":\"UP\"");
    assertThat(metrics.statusCode()).isEqualTo(200);
  }

  /** Sends exactly {@code messages} and returns the final status as text. */
  private String rawUpload(List<UploadRequest> messages) {
    CompletableFuture<Status> outcome = new CompletableFuture<>();
    StreamObserver<UploadRequest> requests = BlobStoreGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .upload(new StreamObserver<>() {
          @Override
          public void onNext(UploadResponse value) {}

          @Override
          public void onError(Throwable t) {
            outcome.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            outcome.complete(Status.OK);
          }
        });
    messages.forEach(requests::onNext);
    requests.onCompleted();
    return outcome.join().toString();
  }

  private long fileRows() {
    return jdbc.queryForObject("select count(*) from storage.files", Long.class);
  }

  private long fileRowsNamed(String name) {
    return jdbc.queryForObject("select count(*) from storage.files where name = ?", Long.class, name);
  }

  private long chunkRowsOfFileNamed(String name) {
    return jdbc.queryForObject("select count(*) from storage.chunks c join storage.files f on f.id = c.file_id "
        + "where f.name = ?", Long.class, name);
  }
}
