package io.gristmill.storage;

import static io.gristmill.storage.StorageTestSupport.assertStatus;
import static io.gristmill.storage.StorageTestSupport.chunkFiles;
import static io.gristmill.storage.StorageTestSupport.failureOf;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Four storage nodes in one JVM over one database, replication 2, so that after a pipeline's first node fails a
 * chunk can still reach its write quorum on the other two. Node W is decommissioned, so placement never puts it
 * in a pipeline: the uploads it takes are written through pipelines that start at another node, which it spools
 * to write again, and {@link OutgoingWriteSabotage} makes one of its WriteChunk calls fail, whichever of A, B and
 * C it goes to. Node A places itself first in the pipelines of the uploads it takes, writes them without a spool,
 * and {@link WriteSabotage} makes its own WriteChunk fail.
 */
class PipelineFailoverTest {

  private static final int CHUNK = 3 << 20;
  private static final List<String> PIPELINE_NODES = List.of("node-a", "node-b", "node-c");

  private static final Map<String, Path> dirs = new LinkedHashMap<>();
  private static final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();
  private static TestDatabase database;
  private static ManagedChannel channelW;
  private static ManagedChannel channelA;
  private static BlobStoreClient clientW;
  private static BlobStoreClient clientA;

  @BeforeAll
  static void startFourNodes() {
    database = TestDatabases.create("pipeline_failover");
    for (String id : List.of("node-w", "node-a", "node-b", "node-c")) {
      dirs.put(id, Path.of("target", "test-data", "failover-" + id + "-" + UUID.randomUUID()));
    }
    List<CompletableFuture<ConfigurableApplicationContext>> started = dirs.keySet().stream()
        .map(id -> CompletableFuture.supplyAsync(() -> start(id))).toList();
    List<String> ids = List.copyOf(dirs.keySet());
    for (int i = 0; i < ids.size(); i++) {
      nodes.put(ids.get(i), started.get(i).join());
    }
    channelW = ManagedChannelBuilder.forTarget(address("node-w")).usePlaintext().build();
    clientW = new BlobStoreClient(List.of(channelW), timeouts());
    channelA = ManagedChannelBuilder.forTarget(address("node-a")).usePlaintext().build();
    clientA = new BlobStoreClient(List.of(channelA), timeouts());
    await().atMost(Duration.ofSeconds(30)).until(() -> clientW.listNodes().getNodesList().stream()
        .filter(n -> n.getState().equals("LIVE")).count() == 4);
    clientW.decommission("node-w");
    await().atMost(Duration.ofSeconds(30)).until(() -> clientW.listNodes().getNodesList().stream()
        .filter(n -> n.getState().equals("LIVE")).map(n -> n.getId()).toList().equals(PIPELINE_NODES));
  }

  @AfterAll
  static void stopNodes() throws InterruptedException {
    channelW.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    channelA.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    nodes.values().forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void whenTheFirstNodeFailsMidChunkTheChunkIsWrittenAgainWithoutItAtAHigherVersion() throws Exception {
    byte[] data = randomBytes(3 * CHUNK + 5, 31);
    OutgoingWriteSabotage sabotage = nodes.get("node-w").getBean(OutgoingWriteSabotage.class);
    sabotage.arm(WriteSabotage.Mode.FAIL_MID_CHUNK, 1);

    FileInfo file = upload(clientW, "mid-chunk.bin", data);

    String failed = nodeAt(sabotage.target());
    assertThat(file.getSha256()).isEqualTo(sha256(data));
    assertThat(read(clientW, file.getId(), 0, 0)).isEqualTo(data);
    ChunkInfo retried = file.getChunks(1);
    assertThat(retried.getVersion()).isEqualTo(2);
    assertThat(retried.getReplicasList()).extracting(ReplicaInfo::getNodeId)
        .containsExactlyInAnyOrderElementsOf(others(failed));
    for (int index : new int[] {0, 2, 3}) {
      assertThat(file.getChunks(index).getVersion()).isEqualTo(1);
      assertThat(file.getChunks(index).getReplicasCount()).isEqualTo(2);
    }
    // The failed hop removed its partial file, and the writer its spool.
    await().untilAsserted(() -> assertThat(chunkFiles(dirs.get(failed)))
        .noneMatch(f -> f.startsWith(retried.getHandle())));
    assertThat(dirs.get("node-w").resolve("spool")).isEmptyDirectory();
  }

  @Test
  void aNodeThatStoppedAfterWritingIsFoundStaleWhenItComesBackNeverServesItsCopyAndLosesIt() throws Exception {
    byte[] data = randomBytes(2 * CHUNK + 7, 32);
    OutgoingWriteSabotage sabotage = nodes.get("node-w").getBean(OutgoingWriteSabotage.class);
    sabotage.arm(WriteSabotage.Mode.SILENT_AFTER_SEAL, 1);

    FileInfo file = upload(clientW, "silent.bin", data);

    String silent = nodeAt(sabotage.target());
    ChunkInfo retried = file.getChunks(1);
    UUID handle = UUID.fromString(retried.getHandle());
    assertThat(retried.getVersion()).isEqualTo(2);
    assertThat(retried.getReplicasList()).extracting(ReplicaInfo::getNodeId)
        .containsExactlyInAnyOrderElementsOf(others(silent));
    // The silent node sealed its replica as version 1 before it went silent: an old copy, which it must never serve.
    assertThat(nodes.get(silent).getBean(LocalChunkStore.class).version(handle)).isEqualTo(1);
    ManagedChannel channel = ManagedChannelBuilder.forTarget(address(silent)).usePlaintext().build();
    try {
      assertStatus(() -> ChunkTransferGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
              .readChunk(ReadChunkRequest.newBuilder().setHandle(handle.toString()).setVersion(2).build()).next(),
          Status.Code.FAILED_PRECONDITION, "node " + silent + " holds version 1 of chunk " + handle + ", not 2");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(read(clientW, file.getId(), 0, 0)).isEqualTo(data);

    // Stopped and restarted later: its first chunk report (at start-up, unless a periodic one came first) finds
    // the copy older than the chunk and deletes it.
    restart(silent);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(
        () -> assertThat(chunkFiles(dirs.get(silent))).noneMatch(f -> f.startsWith(handle.toString())));
    assertThat(read(clientW, file.getId(), 0, 0)).isEqualTo(data);
    assertThat(clientW.getFile(file.getId()).getChunks(1).getReplicasList()).extracting(ReplicaInfo::getNodeId)
        .containsExactlyInAnyOrderElementsOf(others(silent));
    assertThat(clientW.listNodes().getHealth().getStaleReplicas()).isZero();
  }

  @Test
  void aPipelineThatStartsAtTheWritingNodeIsWrittenWithoutASpoolAndItsFirstNodesFailureFailsTheUpload()
      throws Exception {
    byte[] data = randomBytes(3 * CHUNK + 9, 33);
    Map<String, Set<String>> before = new LinkedHashMap<>();
    PIPELINE_NODES.forEach(id -> before.put(id, chunkFiles(dirs.get(id))));
    WriteSabotage sabotage = nodes.get("node-a").getBean(WriteSabotage.class);
    sabotage.arm(WriteSabotage.Mode.FAIL_MID_CHUNK, 1);

    Status failure = failureOf(() -> upload(clientA, "local-first.bin", data));

    // With a spool the chunk would have been written again through B and C, and the upload would have succeeded.
    assertThat(sabotage.sabotaged()).isEqualTo(1);
    assertThat(failure.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(failure.getDescription()).startsWith("the pipeline of chunk ").contains("failed at node node-a");
    assertThat(clientA.listFiles("tester", 0, 100).getFilesList()).extracting(FileInfo::getName)
        .doesNotContain("local-first.bin");
    for (String id : PIPELINE_NODES) {
      await().untilAsserted(() -> assertThat(before.get(id)).containsAll(chunkFiles(dirs.get(id))));
    }
    assertThat(dirs.get("node-a").resolve("spool")).isEmptyDirectory();
  }

  private static FileInfo upload(BlobStoreClient client, String name, byte[] data) throws Exception {
    return client.upload(header(name, CHUNK).toBuilder().setReplication(2).build(), new ByteArrayInputStream(data));
  }

  /** The pipeline nodes other than {@code id}. */
  private static Set<String> others(String id) {
    Set<String> others = new HashSet<>(PIPELINE_NODES);
    others.remove(id);
    return others;
  }

  /** The node whose gRPC server listens at {@code address}. */
  private static String nodeAt(String address) {
    return nodes.keySet().stream().filter(id -> address(id).equals(address)).findFirst()
        .orElseThrow(() -> new AssertionError("no node listens at " + address));
  }

  private static void restart(String id) throws InterruptedException {
    boolean isA = id.equals("node-a");
    if (isA) {
      channelA.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    nodes.get(id).close();
    nodes.put(id, start(id));
    if (isA) {
      channelA = ManagedChannelBuilder.forTarget(address("node-a")).usePlaintext().build();
      clientA = new BlobStoreClient(List.of(channelA), timeouts());
    }
  }

  private static BlobStoreClient.Timeouts timeouts() {
    return new BlobStoreClient.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  private static ConfigurableApplicationContext start(String nodeId) {
    Path dataDir = dirs.get(nodeId);
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new SpringApplicationBuilder(StorageServiceApplication.class, WriteSabotage.class,
        OutgoingWriteSabotage.class).run(
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

  private static String address(String nodeId) {
    return nodes.get(nodeId).getBean(LocalNode.class).address();
  }
}
