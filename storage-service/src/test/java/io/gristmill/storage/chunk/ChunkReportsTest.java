package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.storage.node.LocalNode;
import io.gristmill.testsupport.postgres.FreshDatabaseInitializer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A node's chunk report against the metadata while writes and re-formations run between the listing of its chunk
 * directory and the reconciling: each test drives one interleaving step by step. Heartbeats are set to an hour so
 * that only the test sends reports.
 */
@SpringBootTest(properties = {
    "spring.grpc.server.port=0",
    "gristmill.storage.node-id=reporting-node",
    "gristmill.storage.heartbeat-interval=1h",
    "gristmill.storage.dead-nodes.timeout=3h"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class ChunkReportsTest {

  private static final Path DATA_DIR = Path.of("target", "test-data", "chunk-reports-" + UUID.randomUUID());

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("gristmill.storage.data-dir", DATA_DIR::toString);
  }

  @Autowired
  LocalNode node;

  @Autowired
  LocalChunkStore store;

  @Autowired
  ChunkReports reports;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  Clock clock;

  @Test
  void aReplicaSealedAndRecordedAfterTheListingSawItsFileUnsealedIsKept() throws Exception {
    UUID handle = UUID.randomUUID();
    ChunkFileWriter writer = store.create(handle);
    writer.write(ByteBuffer.wrap(new byte[1000]));

    ChunkReports.Claims claims = reports.claims(node.id());
    List<LocalChunkStore.HeldChunk> held = store.list();
    writer.seal(Chunk.FIRST_VERSION);
    recordLiveReplica(handle, Chunk.FIRST_VERSION);
    List<UUID> doomed = reports.reconcile(node.id(), claims, held);

    assertThat(held).contains(new LocalChunkStore.HeldChunk(handle, 0, 1000, modifiedAt(handle)));
    assertThat(doomed).doesNotContain(handle);
    assertThat(replicaState(handle)).isEqualTo("LIVE");
  }

  @Test
  void aReplicaWhoseVersionWasRaisedAfterTheListingIsKept() throws Exception {
    UUID handle = sealedLiveReplica(Chunk.FIRST_VERSION);

    ChunkReports.Claims claims = reports.claims(node.id());
    List<LocalChunkStore.HeldChunk> held = store.list();
    // What a re-forming of the replica set that keeps this node does: the version on disk, then the rows.
    store.writeVersion(handle, 2);
    jdbc.update("update chunks set version = 2 where handle = ?", handle);
    jdbc.update("update replicas set version = 2 where chunk_handle = ?", handle);
    List<UUID> doomed = reports.reconcile(node.id(), claims, held);

    assertThat(doomed).doesNotContain(handle);
    assertThat(replicaState(handle)).isEqualTo("LIVE");
  }

  @Test
  void aReplicaWrittenAndRecordedAfterTheListingIsNotTakenAsLost() throws Exception {
    ChunkReports.Claims claims = reports.claims(node.id());
    List<LocalChunkStore.HeldChunk> held = store.list();
    UUID handle = sealedLiveReplica(Chunk.FIRST_VERSION);
    List<UUID> doomed = reports.reconcile(node.id(), claims, held);

    assertThat(doomed).doesNotContain(handle);
    assertThat(replicaState(handle)).isEqualTo("LIVE");
  }

  @Test
  void aStaleReplicaReplacedByANewCopyAfterTheListingIsNotDeleted() throws Exception {
    UUID handle = sealedLiveReplica(Chunk.FIRST_VERSION);
    jdbc.update("update chunks set version = 2 where handle = ?", handle);
    jdbc.update("update replicas set state = 'STALE' where chunk_handle = ?", handle);

    ChunkReports.Claims claims = reports.claims(node.id());
    List<LocalChunkStore.HeldChunk> held = store.list();
    // What a repair copying the chunk back to this node does: a new file at the new version, then its row.
    store.delete(handle);
    ChunkFileWriter writer = store.create(handle);
    writer.write(ByteBuffer.wrap(new byte[1000]));
    writer.seal(3);
    jdbc.update("update chunks set version = 3 where handle = ?", handle);
    jdbc.update("update replicas set state = 'LIVE', version = 3, created_at = ? where chunk_handle = ?",
        Timestamp.from(clock.instant().plusSeconds(1)), handle);
    List<UUID> doomed = reports.reconcile(node.id(), claims, held);

    assertThat(doomed).doesNotContain(handle);
    assertThat(replicaState(handle)).isEqualTo("LIVE");
  }

  @Test
  void aCopyListedWhileBeingSealedAtTheChunksNextVersionIsNotDeleted() throws Exception {
    UUID handle = UUID.randomUUID();
    recordChunk(handle, 2);
    ChunkFileWriter copy = store.create(handle);
    copy.write(ByteBuffer.wrap(new byte[1000]));
    // Where the copy's seal stands between forcing the checksum table and recording version 3.
    Files.write(DATA_DIR.resolve("chunks").resolve(handle + ".crc"), new byte[4]);

    List<UUID> doomed = reports.reconcile(node.id(), reports.claims(node.id()), store.list());

    assertThat(doomed).doesNotContain(handle);
    copy.abort();
  }

  @Test
  void aReplicaOlderThanItsChunkBeforeTheListingIsStillMarkedStaleAndDeleted() throws Exception {
    UUID handle = sealedLiveReplica(Chunk.FIRST_VERSION);
    jdbc.update("update chunks set version = 2 where handle = ?", handle);

    List<UUID> doomed = reports.reconcile(node.id(), reports.claims(node.id()), store.list());

    assertThat(doomed).contains(handle);
    assertThat(replicaState(handle)).isEqualTo("STALE");
  }

  @Test
  void aReplicaWhoseFileIsGoneBeforeTheListingIsStillDropped() throws Exception {
    UUID handle = sealedLiveReplica(Chunk.FIRST_VERSION);
    store.delete(handle);

    reports.reconcile(node.id(), reports.claims(node.id()), store.list());

    assertThat(jdbc.queryForObject("select count(*) from replicas where chunk_handle = ?", Integer.class, handle))
        .isZero();
  }

  private UUID sealedLiveReplica(long version) throws Exception {
    UUID handle = UUID.randomUUID();
    ChunkFileWriter writer = store.create(handle);
    writer.write(ByteBuffer.wrap(new byte[1000]));
    writer.seal(version);
    recordLiveReplica(handle, version);
    return handle;
  }

  private Instant modifiedAt(UUID handle) throws Exception {
    return Files.getLastModifiedTime(DATA_DIR.resolve("chunks").resolve(handle.toString())).toInstant();
  }

  private void recordLiveReplica(UUID handle, long version) {
    recordChunk(handle, version);
    jdbc.update("insert into replicas (chunk_handle, node_id, state, version, created_at) values (?, ?, 'LIVE', ?, ?)",
        handle, node.id(), version, Timestamp.from(clock.instant()));
  }

  private void recordChunk(UUID handle, long version) {
    UUID fileId = UUID.randomUUID();
    jdbc.update("""
        insert into files (id, name, size, chunk_size, replication, owner, state, created_at)
        values (?, ?, 0, 1000, 1, 'tester', 'UPLOADING', now())""", fileId, "f-" + fileId);
    jdbc.update("insert into chunks (handle, file_id, chunk_index, chunk_offset, size, version) values (?, ?, 0, 0, 1000, ?)",
        handle, fileId, version);
  }

  private String replicaState(UUID handle) {
    return jdbc.queryForObject("select state from replicas where chunk_handle = ? and node_id = ?", String.class,
        handle, node.id());
  }
}
