package io.gristmill.storage.chunk;

import io.gristmill.storage.StorageProperties;
import java.sql.Array;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Applies a node's chunk report to the metadata and answers which chunk files the node must delete. */
@Component
public class ChunkReports {

  private final JdbcTemplate jdbc;
  private final ReplicaRepository replicas;
  private final Clock clock;
  private final ReportReconciler reconciler;

  ChunkReports(JdbcTemplate jdbc, ReplicaRepository replicas, Clock clock, StorageProperties properties) {
    this.jdbc = jdbc;
    this.replicas = replicas;
    this.clock = clock;
    this.reconciler = new ReportReconciler(properties.deletion().orphanGrace());
  }

  /** Reconciles what {@code nodeId} listed at {@code listedAt}; returns the handles it must delete. */
  @Transactional
  public List<UUID> reconcile(String nodeId, List<LocalChunkStore.HeldChunk> held, Instant listedAt) {
    Map<UUID, ReportReconciler.Known> known = new HashMap<>();
    jdbc.query("""
        select c.handle, c.version, null as state, null as created_at from chunks c where c.handle = any(?)
        union all
        select r.chunk_handle, c.version, r.state, r.created_at from replicas r
          join chunks c on c.handle = r.chunk_handle where r.node_id = ?""",
        (java.sql.PreparedStatement ps) -> {
          Array handles = ps.getConnection().createArrayOf("uuid",
              held.stream().map(LocalChunkStore.HeldChunk::handle).toArray());
          ps.setArray(1, handles);
          ps.setString(2, nodeId);
        },
        (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
          UUID handle = rs.getObject(1, UUID.class);
          String state = rs.getString(3);
          if (state != null || !known.containsKey(handle)) {
            known.put(handle, new ReportReconciler.Known(handle, rs.getLong(2),
                state == null ? null : ReplicaState.valueOf(state),
                rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
          }
        });
    List<ReportReconciler.Reported> reported = held.stream()
        .map(h -> new ReportReconciler.Reported(h.handle(), h.version(), h.modifiedAt())).toList();
    ReportReconciler.Decision decision = reconciler.decide(reported, known, listedAt, clock.instant());
    for (UUID handle : decision.markStale()) {
      replicas.findById(new ReplicaId(handle, nodeId)).ifPresent(Replica::markStale);
    }
    for (UUID handle : decision.dropRows()) {
      // Plain SQL: the row may be gone already (its file collected meanwhile), which is fine.
      jdbc.update("delete from replicas where chunk_handle = ? and node_id = ?", handle, nodeId);
    }
    return decision.delete();
  }
}
