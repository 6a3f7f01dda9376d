package io.gristmill.storage;

import static io.gristmill.storage.StorageTestSupport.assertStatus;
import static io.gristmill.storage.StorageTestSupport.flipByte;
import static io.gristmill.storage.StorageTestSupport.header;
import static io.gristmill.storage.StorageTestSupport.randomBytes;
import static io.gristmill.storage.StorageTestSupport.read;
import static io.gristmill.storage.StorageTestSupport.sha256;
import static io.gristmill.storage.StorageTestSupport.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.client.ShortCircuitReads;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.testsupport.postgres.TestDatabase;
import io.gristmill.testsupport.postgres.TestDatabases;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two storage nodes, each with its own data directory and gRPC server, over one database, started at the same
 * moment as a deployment would (so both run the migration at once). Node B has no configured id.
 */
class TwoNodesTest {

  private static final int CHUNK = 150_000;
  private static final Path DIR_A = Path.of("target", "test-data", "node-a-" + UUID.randomUUID());
  private static final Path DIR_B = Path.of("target", "test-data", "node-b-" + UUID.randomUUID());

  private static TestDatabase database;
  private static ConfigurableApplicationContext nodeA;
  private static ConfigurableApplicationContext nodeB;
  private static ManagedChannel channelA;
  private static ManagedChannel channelB;
  private static BlobStoreClient clientA;
  private static BlobStoreClient clientB;

  @BeforeAll
  static void startTwoNodesAtOnce() {
    database = TestDatabases.create("two_nodes");
    CompletableFuture<ConfigurableApplicationContext> a =
        CompletableFuture.supplyAsync(() -> start(DIR_A, "--gristmill.storage.node-id=node-a"));
    CompletableFuture<ConfigurableApplicationContext> b = CompletableFuture.supplyAsync(() -> start(DIR_B));
    nodeA = a.join();
    nodeB = b.join();
    channelA = ManagedChannelBuilder.forTarget(address(nodeA)).usePlaintext().build();
    channelB = ManagedChannelBuilder.forTarget(address(nodeB)).usePlaintext().build();
    BlobStoreClient.Timeouts timeouts = new BlobStoreClient.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
    clientA = new BlobStoreClient(List.of(channelA), timeouts);
    clientB = new BlobStoreClient(List.of(channelB), timeouts);
  }

  @AfterAll
  static void stopNodes() throws InterruptedException {
    channelA.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    channelB.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    nodeA.close();
    nodeB.close();
  }

  @Test
  void bothNodesRegisterWithTheAddressesTheyListenOn() {
    List<String> rows = jdbc().queryForList("select id || ' ' || address || ' ' || zone from storage.nodes "
        + "where id <> 'node-0-gone'", String.class);

    assertThat(UUID.fromString(nodeB.getBean(LocalNode.class).id())).isNotNull();
    assertThat(rows).containsExactlyInAnyOrder(
        "node-a " + address(nodeA) + " zone-test",
        nodeB.getBean(LocalNode.class).id() + " " + address(nodeB) + " zone-test");
  }

  @Test
  void aFileUploadedToOneNodeIsReadThroughTheOther() throws Exception {
    byte[] data = randomBytes(4 * CHUNK + 99, 21);

    FileInfo uploaded = clientA.upload(header("shared.bin", CHUNK).toBuilder().setReplication(1).build(),
        new ByteArrayInputStream(data));

    FileInfo seenFromB = clientB.getFile(uploaded.getId());
    assertThat(seenFromB).isEqualTo(uploaded);
    assertThat(seenFromB.getChunks(0).getReplicasList()).containsExactly(ReplicaInfo.newBuilder()
        .setNodeId("node-a").setAddress(address(nodeA)).setZone("zone-test").setState("LIVE").build());
    byte[] whole = read(clientB, uploaded.getId(), 0, 0);
    assertThat(whole).isEqualTo(data);
    assertThat(sha256(whole)).isEqualTo(uploaded.getSha256());
    assertThat(read(clientB, uploaded.getId(), CHUNK - 3, 2 * CHUNK + 6))
        .isEqualTo(Arrays.copyOfRange(data, CHUNK - 3, 3 * CHUNK + 3));
  }

  @Test
  void uploadsPassOverANodeThatIsUnavailableBeforeTheStreamOpens() throws Exception {
    ManagedChannel down = ManagedChannelBuilder.forAddress("127.0.0.1", unusedPort()).usePlaintext().build();
    try {
      BlobStoreClient client = new BlobStoreClient(List.of(down, channelA),
          new BlobStoreClient.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)));
      // Round robin starts at the unreachable node for one of the two uploads, whichever comes first.
      for (int i = 0; i < 2; i++) {
        byte[] content = randomBytes(CHUNK + 17, 40 + i);
        FileInfo file = client.upload(header("failover-" + i, CHUNK).toBuilder().setReplication(1).build(),
            new ByteArrayInputStream(content));
        assertThat(file.getSize()).isEqualTo(content.length);
        assertThat(read(clientA, file.getId(), 0, 0)).isEqualTo(content);
      }
    } finally {
      down.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static int unusedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shortCircuitReadsComeFromTheChunkFilesOfNodesOnThisHost() throws Exception {
    byte[] data = randomBytes(3 * CHUNK + 7, 31);
    FileInfo file = clientA.upload(header("near.bin", CHUNK).toBuilder().setReplication(2).build(),
        new ByteArrayInputStream(data));
    ShortCircuitReads reads = new ShortCircuitReads(new BlobStoreClient(List.of(channelA, channelB),
        new BlobStoreClient.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60))), true);

    assertThat(readAll(reads, file.getId(), 0, 0)).isEqualTo(data);
    assertThat(readAll(reads, file.getId(), CHUNK - 3, 2 * CHUNK + 6))
        .isEqualTo(Arrays.copyOfRange(data, CHUNK - 3, 3 * CHUNK + 3));
    assertThat(reads.localBytes()).isEqualTo(data.length + 2 * CHUNK + 6);
    assertThat(reads.remoteBytes()).isZero();
  }

  @Test
  void fileMetadataForARangeListsOnlyTheChunksHoldingIt() throws Exception {
    FileInfo file = clientA.upload(header("ranged.bin", CHUNK).toBuilder().setReplication(1).build(),
        new ByteArrayInputStream(randomBytes(4 * CHUNK, 34)));

    FileInfo range = clientB.getFileRange(file.getId(), CHUNK - 3, 6);
    assertThat(range.getChunksList()).extracting(c -> c.getIndex() + " " + c.getHandle() + " " + c.getReplicasCount())
        .containsExactly("0 " + file.getChunks(0).getHandle() + " 1", "1 " + file.getChunks(1).getHandle() + " 1");
    assertThat(range.toBuilder().clearChunks().build()).isEqualTo(file.toBuilder().clearChunks().build());
    assertThat(clientB.getFileRange(file.getId(), 3 * CHUNK, 10 * CHUNK).getChunksList())
        .extracting(c -> c.getIndex()).containsExactly(3);
  }

  @Test
  void shortCircuitReadsFallBackToTheNodesForACorruptOrMissingLocalReplica() throws Exception {
    byte[] data = randomBytes(3 * CHUNK, 32);
    FileInfo file = clientA.upload(header("bruised.bin", CHUNK).toBuilder().setReplication(2).build(),
        new ByteArrayInputStream(data));
    // Only node A's disk is known to the reader; node A serves the fallback from node B's intact replicas.
    ShortCircuitReads reads = new ShortCircuitReads(clientA, true);
    flipByte(DIR_A.resolve("chunks").resolve(file.getChunks(1).getHandle()), CHUNK - 10);
    java.nio.file.Files.delete(DIR_A.resolve("chunks").resolve(file.getChunks(2).getHandle()));

    assertThat(readAll(reads, file.getId(), 0, 0)).isEqualTo(data);
    assertThat(reads.localBytes()).isEqualTo(CHUNK);
    assertThat(reads.remoteBytes()).isEqualTo(2 * CHUNK);
  }

  @Test
  void shortCircuitReadsOfConsecutiveSplitsLookTheFilesLayoutUpOnceAhead() throws Exception {
    byte[] data = randomBytes(8 * CHUNK, 35);
    FileInfo file = clientA.upload(header("splits.bin", CHUNK).toBuilder().setReplication(2).build(),
        new ByteArrayInputStream(data));
    ShortCircuitReads reads = new ShortCircuitReads(clientA, true);

    for (int split = 0; split < 8; split++) {
      assertThat(readAll(reads, file.getId(), split * CHUNK, CHUNK))
          .isEqualTo(Arrays.copyOfRange(data, split * CHUNK, (split + 1) * CHUNK));
    }

    // The first split's own chunk, then every later one at once.
    assertThat(reads.layoutLookups()).isEqualTo(2);
    assertThat(reads.localBytes()).isEqualTo(8 * CHUNK);
  }

  @Test
  void aLocalReplicaGoneSinceItsLayoutWasLookedUpIsReadThroughTheNodes() throws Exception {
    byte[] data = randomBytes(3 * CHUNK, 36);
    FileInfo file = clientA.upload(header("moved.bin", CHUNK).toBuilder().setReplication(2).build(),
        new ByteArrayInputStream(data));
    ShortCircuitReads reads = new ShortCircuitReads(clientA, true);
    assertThat(readAll(reads, file.getId(), 0, 0)).isEqualTo(data);
    // Only node A's disk is known to the reader: its replica of chunk 1 goes, as a rebalance would move it.
    java.nio.file.Files.delete(DIR_A.resolve("chunks").resolve(file.getChunks(1).getHandle()));

    assertThat(readAll(reads, file.getId(), 0, 0)).isEqualTo(data);

    assertThat(reads.layoutLookups()).as("the layout read the first time").isEqualTo(1);
    assertThat(reads.remoteBytes()).isEqualTo(CHUNK);
  }

  @Test
  void shortCircuitReadsTurnedOffReadEverythingThroughTheNodes() throws Exception {
    byte[] data = randomBytes(CHUNK + 5, 33);
    FileInfo file = clientA.upload(header("far.bin", CHUNK), new ByteArrayInputStream(data));
    ShortCircuitReads reads = new ShortCircuitReads(clientA, false);

    assertThat(readAll(reads, file.getId(), 2, 0)).isEqualTo(Arrays.copyOfRange(data, 2, data.length));
    assertThat(reads.localBytes()).isZero();
    assertThat(reads.remoteBytes()).isEqualTo(data.length - 2);
  }

  private static byte[] readAll(ShortCircuitReads reads, String fileId, long offset, long length) throws Exception {
    try (java.io.InputStream in = reads.open(fileId, offset, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aCorruptReplicaOnTheHolderGivesDataLossThroughTheOtherNode() throws Exception {
    FileInfo file = clientA.upload(header("rotten.bin", CHUNK).toBuilder().setReplication(1).build(),
        new ByteArrayInputStream(randomBytes(2 * CHUNK, 22)));
    String handle = file.getChunks(0).getHandle();
    flipByte(DIR_A.resolve("chunks").resolve(handle), 5);

    assertStatus(() -> read(clientB, file.getId(), 0, 0), Status.Code.DATA_LOSS,
        "chunk " + handle + " (index 0 of file " + file.getId() + ") has no intact replica");
    assertThat(clientA.getFile(file.getId()).getChunks(0).getReplicas(0).getState()).isEqualTo("CORRUPT");
  }

  @Test
  void readsMoveOnFromAnUnreachableReplicaAndReportWhenNoneIsLeft() throws Exception {
    byte[] data = randomBytes(CHUNK + 1, 23);
    FileInfo file = clientA.upload(header("wandering.bin", CHUNK).toBuilder().setReplication(1).build(),
        new ByteArrayInputStream(data));
    JdbcTemplate jdbc = jdbc();
    // A node that is registered but does not answer, sorted before node-a so that it is tried first.
    jdbc.update("insert into storage.nodes values ('node-0-gone', 'localhost:1', 'zone-test', 1, 0, 'LIVE', now()) "
        + "on conflict do nothing");
    jdbc.update("insert into storage.replicas (chunk_handle, node_id, state) select handle, 'node-0-gone', 'LIVE' "
        + "from storage.chunks where file_id = ?", UUID.fromString(file.getId()));

    assertThat(read(clientB, file.getId(), 0, 0)).isEqualTo(data);

    jdbc.update("delete from storage.replicas where node_id = 'node-a' and chunk_handle in "
        + "(select handle from storage.chunks where file_id = ?)", UUID.fromString(file.getId()));
    assertStatus(() -> read(clientB, file.getId(), 0, 0), Status.Code.UNAVAILABLE,
        "no replica of chunk " + file.getChunks(0).getHandle() + " (index 0 of file " + file.getId()
            + ") can be reached now");
  }

  @Test
  void aRestartedNodeKeepsItsGeneratedIdAndAnnouncesItsNewAddress() throws Exception {
    String id = nodeB.getBean(LocalNode.class).id();
    channelB.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    nodeB.close();

    nodeB = start(DIR_B);
    channelB = ManagedChannelBuilder.forTarget(address(nodeB)).usePlaintext().build();
    clientB = new BlobStoreClient(List.of(channelB),
        new BlobStoreClient.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)));

    assertThat(nodeB.getBean(LocalNode.class).id()).isEqualTo(id);
    assertThat(jdbc().queryForObject("select address from storage.nodes where id = ?", String.class, id))
        .isEqualTo(address(nodeB));
  }

  private static ConfigurableApplicationContext start(Path dataDir, String... extra) {
    String[] args = {
        "--spring.datasource.url=" + database.jdbcUrl(),
        "--spring.datasource.username=" + database.username(),
        "--spring.datasource.password=" + database.password(),
        "--server.port=0",
        "--spring.grpc.server.port=0",
        "--gristmill.storage.data-dir=" + dataDir,
        "--gristmill.storage.zone=zone-test"};
    String[] all = Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return new SpringApplicationBuilder(StorageServiceApplication.class).run(all);
  }

  private static String address(ConfigurableApplicationContext node) {
    return node.getBean(LocalNode.class).address();
  }

  private static JdbcTemplate jdbc() {
    return nodeA.getBean(JdbcTemplate.class);
  }
}
