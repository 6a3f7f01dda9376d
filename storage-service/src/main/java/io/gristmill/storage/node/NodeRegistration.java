package io.gristmill.storage.node;

import io.gristmill.storage.StorageProperties;
import java.io.IOException;
import io.gristmill.storage.chunk.ChunkReports;
import io.gristmill.storage.chunk.LocalChunkStore;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts this node in the {@code nodes} table once its gRPC server listens (so other nodes find its address), then
 * every heartbeat interval refreshes its capacity, use and liveness and sends its chunk report (every chunk file
 * with its version); the answer names the stale, corrupt and orphan files to delete, which it deletes at once.
 */
@Component
class NodeRegistration implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);

  private final LocalNode node;
  private final StorageProperties properties;
  private final NodeRepository nodes;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "node-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  private final LocalChunkStore store;
  private final ChunkReports reports;

  NodeRegistration(LocalNode node, StorageProperties properties, NodeRepository nodes,
      TransactionTemplate transactions, Clock clock, LocalChunkStore store, ChunkReports reports) {
    this.store = store;
    this.reports = reports;
    this.node = node;
    this.properties = properties;
    this.nodes = nodes;
    this.transactions = transactions;
    this.clock = clock;
  }

  @EventListener
  void onServerStarted(GrpcServerStartedEvent event) throws IOException {
    if (event.getPort() <= 0) {
      return; // an in-process server has no address other nodes could use
    }
    String address = properties.advertisedAddress() != null && !properties.advertisedAddress().isBlank()
        ? properties.advertisedAddress().strip()
        : "localhost:" + event.getPort();
    node.advertise(address);
    DiskUsage disk = DiskUsage.of(properties.dataDir(), 0);
    transactions.executeWithoutResult(status -> nodes.findById(node.id()).ifPresentOrElse(
        known -> known.rejoined(address, node.zone(), disk, clock.instant()),
        () -> nodes.save(new StorageNode(node.id(), address, node.zone(), disk, clock.instant()))));
    heartbeat();
    log.info("storage node {} registered at {} in zone {}", node.id(), address, node.zone());
    long period = properties.heartbeatInterval().toMillis();
    heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    try {
      // The rows before the listing: a replica recorded after its file was listed unsealed must not be judged by it.
      ChunkReports.Claims claims = reports.claims(node.id());
      List<LocalChunkStore.HeldChunk> held = store.list();
      DiskUsage disk = DiskUsage.of(properties.dataDir(),
          held.stream().mapToLong(LocalChunkStore.HeldChunk::size).sum());
      List<UUID> doomed = transactions.execute(status -> {
        nodes.findById(node.id()).ifPresent(known -> known.heartbeat(disk, clock.instant()));
        return reports.reconcile(node.id(), claims, held);
      });
      for (UUID handle : doomed) {
        store.delete(handle);
      }
      if (!doomed.isEmpty()) {
        log.info("node {} deleted {} stale, corrupt or orphan chunk files", node.id(), doomed.size());
      }
    } catch (IOException | RuntimeException e) {
      // Keep beating: a database outage must not end the node's heartbeats for good.
      log.warn("heartbeat of node {} failed: {}", node.id(), e.toString());
    }
  }

  @Override
  public void destroy() {
    heartbeats.shutdownNow();
  }
}
