package io.gristmill.storage;

import static io.gristmill.storage.StorageTestSupport.assertStatus;
import static io.gristmill.storage.StorageTestSupport.chunkFiles;
import static io.gristmill.storage.StorageTestSupport.header;
import static io.gristmill.storage.StorageTestSupport.randomBytes;
import static io.gristmill.storage.StorageTestSupport.read;
import static io.gristmill.storage.StorageTestSupport.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.ReadChunkRequest;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.gristmill.storage.chunk.LocalChunkStore;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.testsupport.postgres.TestDatabase;
import io.gristmill.testsupport.postgres.TestDatabases;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three storage nodes in one JVM over one database; uploads go to node A, which places itself first in every
 * pipeline, and whose WriteChunk calls {@link WriteSabotage} makes fail. Replication 2, so after A fails a chunk
 * can still reach its write quorum on B and C.
 */
class PipelineFailoverTest {

  private static final int CHUNK = 3 << 20;
  private static final Path DIR_A = Path.of("target", "test-data", "failover-a-" + UUID.randomUUID());
  private static final Path DIR_B = Path.of("target", "test-data", "failover-b-" + UUID.randomUUID());
  private static final Path DIR_C = Path.of("target", "test-data", "failover-c-" + UUID.randomUUID());

  private static TestDatabase database;
  private static ConfigurableApplicationContext nodeA;
  private static ConfigurableApplicationContext nodeB;
  private static ConfigurableApplicationContext nodeC;
  private static ManagedChannel channelA;
  private static ManagedChannel channelB;
  private static BlobStoreClient clientA;
  private static BlobStoreClient clientB;

  @BeforeAll
  static void startThreeNodes() {
    database = TestDatabases.create("pipeline_failover");
    nodeA = start(DIR_A, "node-a");
    CompletableFuture<ConfigurableApplicationContext> b = CompletableFuture.supplyAsync(() -> start(DIR_B, "node-b"));
    nodeC = start(DIR_C, "node-c");
    nodeB = b.join();
    connectA();
    channelB = ManagedChannelBuilder.forTarget(address(nodeB)).usePlaintext().build();
    clientB = new BlobStoreClient(List.of(channelB), timeouts());
    await().atMost(Duration.ofSeconds(30)).until(() -> clientA.listNodes().getNodesList().stream()
        .filter(n -> n.getState().equals("LIVE")).count() == 3);
  }

  @AfterAll
  static void stopNodes() throws InterruptedException {
    channelA.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    channelB.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    nodeA.close();
    nodeB.close();
    nodeC.close();
  }

  @Test
  void whenTheFirstNodeFailsMidChunkTheChunkIsWrittenAgainWithoutItAtAHigherVersion() throws Exception {
    byte[] data = randomBytes(3 * CHUNK + 5, 31);
    nodeA.getBean(WriteSabotage.class).arm(WriteSabotage.Mode.FAIL_MID_CHUNK, 1);

    FileInfo file = upload("mid-chunk.bin", data);

    assertThat(nodeA.getBean(WriteSabotage.class).sabotaged()).isEqualTo(1);
    assertThat(file.getSha256()).isEqualTo(sha256(data));
    assertThat(read(clientB, file.getId(), 0, 0)).isEqualTo(data);
    ChunkInfo retried = file.getChunks(1);
    assertThat(retried.getVersion()).isEqualTo(2);
    assertThat(retried.getReplicasList()).extracting(ReplicaInfo::getNodeId)
        .containsExactlyInAnyOrder("node-b", "node-c");
    for (int index : new int[] {0, 2, 3}) {
      assertThat(file.getChunks(index).getVersion()).isEqualTo(1);
      assertThat(file.getChunks(index).getReplicasList()).extracting(ReplicaInfo::getNodeId).contains("node-a");
    }
    // The failed hop removed its partial file, and the writer its spool.
    await().untilAsserted(() -> assertThat(chunkFiles(DIR_A)).noneMatch(f -> f.startsWith(retried.getHandle())));
    assertThat(DIR_A.resolve("spool")).isEmptyDirectory();
  }

  @Test
  void aNodeThatStoppedAfterWritingIsFoundStaleWhenItComesBackNeverServesItsCopyAndLosesIt() throws Exception {
    byte[] data = randomBytes(2 * CHUNK + 7, 32);
    nodeA.getBean(WriteSabotage.class).arm(WriteSabotage.Mode.SILENT_AFTER_SEAL, 1);

    FileInfo file = upload("silent.bin", data);

    ChunkInfo retried = file.getChunks(1);
    UUID handle = UUID.fromString(retried.getHandle());
    assertThat(retried.getVersion()).isEqualTo(2);
    assertThat(retried.getReplicasList()).extracting(ReplicaInfo::getNodeId)
        .containsExactlyInAnyOrder("node-b", "node-c");
    // A sealed its replica as version 1 before it went silent: an old copy, which it must never serve.
    assertThat(nodeA.getBean(LocalChunkStore.class).version(handle)).isEqualTo(1);
    assertStatus(() -> ChunkTransferGrpc.newBlockingStub(channelA).withDeadlineAfter(10, TimeUnit.SECONDS)
            .readChunk(ReadChunkRequest.newBuilder().setHandle(handle.toString()).setVersion(2).build()).next(),
        Status.Code.FAILED_PRECONDITION, "node node-a holds version 1 of chunk " + handle + ", not 2");
    assertThat(read(clientA, file.getId(), 0, 0)).isEqualTo(data);

    // Stopped and restarted later: its first chunk report (at start-up, unless a periodic one came first) finds
    // the copy older than the chunk and deletes it.
    channelA.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    nodeA.close();
    nodeA = start(DIR_A, "node-a");
    connectA();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(
        () -> assertThat(chunkFiles(DIR_A)).noneMatch(f -> f.startsWith(handle.toString())));
    assertThat(read(clientA, file.getId(), 0, 0)).isEqualTo(data);
    assertThat(clientA.getFile(file.getId()).getChunks(1).getReplicasList()).extracting(ReplicaInfo::getNodeId)
        .containsExactlyInAnyOrder("node-b", "node-c");
    assertThat(clientA.listNodes().getHealth().getStaleReplicas()).isZero();
  }

  private static FileInfo upload(String name, byte[] data) throws Exception {
    return clientA.upload(header(name, CHUNK).toBuilder().setReplication(2).build(), new ByteArrayInputStream(data));
  }

  private static void connectA() {
    channelA = ManagedChannelBuilder.forTarget(address(nodeA)).usePlaintext().build();
    clientA = new BlobStoreClient(List.of(channelA), timeouts());
  }

  private static BlobStoreClient.Timeouts timeouts() {
    return new BlobStoreClient.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  private static ConfigurableApplicationContext start(Path dataDir, String nodeId) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new SpringApplicationBuilder(StorageServiceApplication.class, WriteSabotage.class).run(
        "--spring.datasource.url=" + database.jdbcUrl(),
        "--spring.datasource.username=" + database.username(),
        "--spring.datasource.password=" + database.password(),
        "--server.port=0",
        "--spring.grpc.server.port=0",
        "--gristmill.storage.data-dir=" + dataDir,
        "--gristmill.storage.node-id=" + nodeId,
        "--gristmill.storage.zone=" + nodeId,
        // Chunk reports at start-up and then seldom, so that a stale copy is still there to be looked at before
        // its node restarts (a report deletes it at once).
        "--gristmill.storage.heartbeat-interval=30s",
        "--gristmill.storage.dead-nodes.timeout=90s");
  }

  private static String address(ConfigurableApplicationContext node) {
    return node.getBean(LocalNode.class).address();
  }
}
