package io.gristmill.storage.maintenance;

import static io.gristmill.storage.StorageTestSupport.chunkFiles;
import static io.gristmill.storage.StorageTestSupport.header;
import static io.gristmill.storage.StorageTestSupport.randomBytes;
import static io.gristmill.storage.StorageTestSupport.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.testsupport.time.MovableClock;
import io.gristmill.storage.chunk.ChunkReports;
import io.gristmill.storage.chunk.LocalChunkStore;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.testsupport.postgres.FreshDatabaseInitializer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The time-driven duties of one node with their production timeouts (30 s dead-node timeout, 3 days retention,
 * 1 h orphan grace), made to fire by moving the node's clock instead of waiting. The duties' own schedules are set
 * to an hour so that only the test runs them; heartbeats (and with them chunk reports) run every 100 ms.
 */
@SpringBootTest(properties = {
    "spring.grpc.server.port=0",
    "gristmill.storage.node-id=timed-node",
    "gristmill.storage.heartbeat-interval=100ms",
    "gristmill.storage.dead-nodes.period=1h",
    "gristmill.storage.repair.period=1h",
    "gristmill.storage.rebalance.period=1h",
    "gristmill.storage.deletion.period=1h",
    "gristmill.storage.scrub.period=1h"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class TimedDutiesTest {

  private static final Path DATA_DIR = Path.of("target", "test-data", "timed-duties-" + UUID.randomUUID());
  private static final Duration DEAD_NODE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETENTION = Duration.ofDays(3);
  private static final Duration ORPHAN_GRACE = Duration.ofHours(1);

  @TestConfiguration
  static class Time {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("gristmill.storage.data-dir", DATA_DIR::toString);
  }

  @Autowired
  MovableClock clock;

  @Autowired
  Clock injected;

  @Autowired
  LocalNode node;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  DeadNodeDetector deadNodes;

  @Autowired
  GarbageCollector garbage;

  @Autowired
  ChunkReports reports;

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

  @Test
  void everyDutyReadsTheInjectedClock() {
    assertThat(injected).isSameAs(clock);
  }

  @Test
  void aNodeIsDeclaredDeadOnlyOnceItsHeartbeatsHaveStoppedForTheTimeout() {
    Instant lastBeat = clock.instant();
    jdbc.update("""
        insert into nodes (id, address, zone, capacity_bytes, used_bytes, state, last_heartbeat)
        values ('silent-node', '127.0.0.1:1', 'z', 100, 0, 'LIVE', ?)""", Timestamp.from(lastBeat));

    clock.advance(DEAD_NODE_TIMEOUT.minusSeconds(2));
    deadNodes.run();
    assertThat(stateOf("silent-node")).isEqualTo("LIVE");

    clock.advance(Duration.ofSeconds(3));
    deadNodes.run();
    assertThat(stateOf("silent-node")).isEqualTo("DEAD");
    // This node kept beating on the moved clock, so it is still alive.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      deadNodes.run();
      assertThat(stateOf("timed-node")).isEqualTo("LIVE");
    });
  }

  @Test
  void aDeletedFileIsRestorableUntilTheRetentionEndsThenCollectedWithItsChunkFiles() throws Exception {
    FileInfo file = client.upload(header("doomed.bin", 4096), new ByteArrayInputStream(randomBytes(3 * 4096, 9)));
    List<String> handles = file.getChunksList().stream().map(c -> c.getHandle()).toList();
    assertThat(chunkFiles(DATA_DIR)).contains(handles.get(0), handles.get(2));

    client.delete(file.getId());
    clock.advance(RETENTION.minusMinutes(1));
    garbage.run();
    assertThat(client.restore(file.getId(), "").getId()).isEqualTo(file.getId());

    client.delete(file.getId());
    clock.advance(RETENTION.plusMinutes(1));
    garbage.run();
    assertThat(jdbc.queryForObject("select count(*) from files where id = ?::uuid", Long.class, file.getId()))
        .isZero();
    assertStatus(() -> client.restore(file.getId(), ""), Status.Code.NOT_FOUND, "file " + file.getId() + " not found");

    // The chunk files outlive their rows by the orphan grace (they look like writes in flight), then go.
    clock.advance(ORPHAN_GRACE.plusMinutes(1));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(chunkFiles(DATA_DIR)).doesNotContainAnyElementsOf(handles));
  }

  @Test
  void anUnclaimedChunkFileIsKeptThroughTheOrphanGraceAndDeletedAfterIt() throws Exception {
    UUID stray = UUID.randomUUID();
    Path file = DATA_DIR.resolve("chunks").resolve(stray.toString());
    Files.createDirectories(file.getParent());
    // Written "now" on the moved clock (other tests may have moved it), and moved into place with that time so
    // that no heartbeat ever lists it with an older one.
    Instant written = clock.instant();
    Path temporary = file.resolveSibling(stray + ".tmp");
    Files.write(temporary, randomBytes(100, 3));
    Files.setLastModifiedTime(temporary, FileTime.from(written));
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    List<LocalChunkStore.HeldChunk> held = List.of(new LocalChunkStore.HeldChunk(stray, 0, 100, written));

    assertThat(reports.reconcile(node.id(), reports.claims(node.id()), held)).doesNotContain(stray);
    clock.advance(ORPHAN_GRACE.minusMinutes(1));
    assertThat(reports.reconcile(node.id(), reports.claims(node.id()), held)).doesNotContain(stray);
    assertThat(file).exists();

    clock.advance(Duration.ofMinutes(2));
    assertThat(reports.reconcile(node.id(), reports.claims(node.id()), held)).containsExactly(stray);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(file).doesNotExist());
  }

  private String stateOf(String nodeId) {
    return jdbc.queryForObject("select state from nodes where id = ?", String.class, nodeId);
  }
}
