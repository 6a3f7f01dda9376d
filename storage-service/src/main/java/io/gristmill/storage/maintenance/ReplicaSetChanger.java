package io.gristmill.storage.maintenance;

import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.CopyChunkRequest;
import io.gristmill.contracts.storage.v1.SetChunkVersionRequest;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.node.NodeState;
import io.gristmill.storage.node.PeerChannels;
import io.gristmill.storage.chunk.ReplicaState;
import io.gristmill.storage.placement.Candidate;
import io.grpc.StatusRuntimeException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-forms a chunk's replica set (repair, rebalancing, draining): copies it to new nodes, raises its version on
 * the new nodes and on the holders it keeps, and records the new set. Every holder left out keeps the old version,
 * so it is stale from then on: never read, and deleted when its node next reports.
 */
@Component
class ReplicaSetChanger {

  private static final Logger log = LoggerFactory.getLogger(ReplicaSetChanger.class);
  /** Recording a version is one small file write. */
  private static final Duration SET_VERSION_TIMEOUT = Duration.ofSeconds(10);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final PeerChannels peers;
  private final Clock clock;
  private final Duration copyTimeout;

  ReplicaSetChanger(JdbcTemplate jdbc, TransactionTemplate transactions, PeerChannels peers, Clock clock,
      StorageProperties properties) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.peers = peers;
    this.clock = clock;
    this.copyTimeout = properties.chunkFetchTimeout();
  }

  /** The rows of a chunk's replicas with their nodes. */
  List<Holder> holders(UUID handle) {
    return jdbc.query("""
        select r.node_id, n.address, n.zone, r.state, r.version, n.state as node_state
        from replicas r join nodes n on n.id = r.node_id where r.chunk_handle = ? order by r.node_id""",
        (rs, i) -> new Holder(rs.getString(1), rs.getString(2), rs.getString(3), ReplicaState.valueOf(rs.getString(4)),
            rs.getLong(5), NodeState.valueOf(rs.getString(6))), handle);
  }

  /**
   * Copies chunk {@code handle} (at {@code version}, {@code size} bytes) from {@code source} to {@code targets},
   * keeps {@code keep}, and makes every other holder stale. Returns the copies made; with none, nothing changes.
   */
  int change(UUID handle, long size, long version, Holder source, List<Holder> keep, List<Candidate> targets) {
    long next = version + 1;
    List<String> added = new ArrayList<>();
    for (Candidate target : targets) {
      try {
        ChunkTransferGrpc.newBlockingStub(peers.to(target.address()))
            .withDeadlineAfter(copyTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .copyChunk(CopyChunkRequest.newBuilder().setHandle(handle.toString()).setSize(size)
                .setSourceAddress(source.address()).setVersion(next).build());
        added.add(target.id());
      } catch (StatusRuntimeException e) {
        log.warn("could not copy chunk {} from {} to {}: {}", handle, source.nodeId(), target.id(), e.getStatus());
      }
    }
    if (added.isEmpty()) {
      return 0;
    }
    List<String> kept = new ArrayList<>();
    for (Holder holder : keep) {
      try {
        ChunkTransferGrpc.newBlockingStub(peers.to(holder.address()))
            .withDeadlineAfter(SET_VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .setChunkVersion(SetChunkVersionRequest.newBuilder().setHandle(handle.toString()).setVersion(next)
                .build());
        kept.add(holder.nodeId());
      } catch (StatusRuntimeException e) {
        log.warn("node {} could not take version {} of chunk {}; its replica becomes stale: {}", holder.nodeId(),
            next, handle, e.getStatus());
      }
    }
    Boolean recorded = transactions.execute(status -> {
      int moved = jdbc.update("update chunks set version = ? where handle = ? and version = ?", next, handle,
          version);
      if (moved == 0) {
        return false; // collected or changed meanwhile: the copies are orphans and will be collected
      }
      jdbc.update("update replicas set version = ? where chunk_handle = ? and state = 'LIVE' and node_id = any(?)",
          next, handle, kept.toArray(String[]::new));
      jdbc.update("update replicas set state = 'STALE' where chunk_handle = ? and state = 'LIVE' and version < ?",
          handle, next);
      Timestamp now = Timestamp.from(clock.instant());
      for (String nodeId : added) {
        jdbc.update("""
            insert into replicas (chunk_handle, node_id, state, version, created_at) values (?, ?, 'LIVE', ?, ?)
            on conflict (chunk_handle, node_id) do update set state = 'LIVE', version = excluded.version,
              created_at = excluded.created_at""", handle, nodeId, next, now);
      }
      return true;
    });
    if (!Boolean.TRUE.equals(recorded)) {
      return 0;
    }
    log.info("chunk {} re-formed at version {}: kept {}, added {}", handle, next, kept, added);
    return added.size();
  }
}
