package io.gristmill.storage.chunk;

import io.gristmill.storage.StorageProperties;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a node's chunk report to the metadata and answers which chunk files the node must delete. A report is
 * taken in this order: {@link #claims} reads the node's replica rows, then the node lists its chunk files, then
 * {@link #reconcile} judges the listing by those rows (see {@link ReportReconciler} for why the rows come first).
 */
@Component
public class ChunkReports {

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final ReportReconciler reconciler;

  ChunkReports(JdbcTemplate jdbc, Clock clock, StorageProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.reconciler = new ReportReconciler(properties.deletion().orphanGrace());
  }

  /** A node's replica rows with their chunks' versions, as read before the node listed its chunk files. */
  public record Claims(Map<UUID, ReportReconciler.Known> rows) {

    public Claims {
      rows = Map.copyOf(rows);
    }
  }

  /** What the metadata claims {@code nodeId} holds; read it before listing the chunk files. */
  @Transactional(readOnly = true)
  public Claims claims(String nodeId) {
    Map<UUID, ReportReconciler.Known> rows = new HashMap<>();
    jdbc.query("""
        select r.chunk_handle, c.version, r.state, r.created_at from replicas r
          join chunks c on c.handle = r.chunk_handle where r.node_id = ?""",
        (RowCallbackHandler) rs -> {
          UUID handle = rs.getObject(1, UUID.class);
          rows.put(handle, new ReportReconciler.Known(handle, rs.getLong(2), ReplicaState.valueOf(rs.getString(3)),
              rs.getTimestamp(4).toInstant()));
        }, nodeId);
    return new Claims(rows);
  }

  /**
   * Reconciles what {@code nodeId} listed after {@code claims} were read; returns the handles it must delete. A
   * decision is applied only to a row still as it was claimed: a row that changed since (a new copy, a re-formed
   * set) is left to the next report.
   */
  @Transactional
  public List<UUID> reconcile(String nodeId, Claims claims, List<LocalChunkStore.HeldChunk> held) {
    Map<UUID, ReportReconciler.Known> known = new HashMap<>(claims.rows());
    Set<UUID> recordedSince = new HashSet<>();
    List<UUID> unclaimed = held.stream().map(LocalChunkStore.HeldChunk::handle)
        .filter(handle -> !known.containsKey(handle)).toList();
    jdbc.query("""
        select c.handle, c.version,
          exists (select 1 from replicas r where r.chunk_handle = c.handle and r.node_id = ?) as recorded
        from chunks c where c.handle = any(?)""",
        (PreparedStatement ps) -> {
          ps.setString(1, nodeId);
          Array handles = ps.getConnection().createArrayOf("uuid", unclaimed.toArray());
          ps.setArray(2, handles);
        },
        (RowCallbackHandler) rs -> {
          UUID handle = rs.getObject(1, UUID.class);
          if (rs.getBoolean(3)) {
            recordedSince.add(handle); // its row came after the claims were read: the next report judges it
          } else {
            known.put(handle, new ReportReconciler.Known(handle, rs.getLong(2), null, null));
          }
        });
    List<ReportReconciler.Reported> reported = held.stream()
        .filter(h -> !recordedSince.contains(h.handle()))
        .map(h -> new ReportReconciler.Reported(h.handle(), h.version(), h.modifiedAt())).toList();
    ReportReconciler.Decision decision = reconciler.decide(reported, known, clock.instant());
    Set<UUID> marked = new HashSet<>();
    for (UUID handle : decision.markStale()) {
      ReportReconciler.Known row = known.get(handle);
      if (jdbc.update("""
          update replicas set state = 'STALE'
          where chunk_handle = ? and node_id = ? and state = 'LIVE' and created_at = ?""",
          handle, nodeId, Timestamp.from(row.createdAt())) == 1) {
        marked.add(handle);
      }
    }
    for (UUID handle : decision.dropRows()) {
      ReportReconciler.Known row = known.get(handle);
      // Gone already (its file collected meanwhile) or replaced by a newer row: either way, nothing to drop.
      jdbc.update("delete from replicas where chunk_handle = ? and node_id = ? and state = ? and created_at = ?",
          handle, nodeId, row.state().name(), Timestamp.from(row.createdAt()));
    }
    List<UUID> delete = new ArrayList<>();
    for (UUID handle : decision.delete()) {
      ReportReconciler.Known row = known.get(handle);
      boolean applies = row == null || row.state() == null
          || (row.state() == ReplicaState.LIVE ? marked.contains(handle) : stillAsClaimed(nodeId, row));
      if (applies) {
        delete.add(handle);
      }
    }
    return delete;
  }

  /** Whether a STALE or CORRUPT replica row is still the one read with the claims, not a new copy's row. */
  private boolean stillAsClaimed(String nodeId, ReportReconciler.Known row) {
    Integer rows = jdbc.queryForObject("""
        select count(*) from replicas where chunk_handle = ? and node_id = ? and state = ? and created_at = ?""",
        Integer.class, row.handle(), nodeId, row.state().name(), Timestamp.from(row.createdAt()));
    return rows != null && rows == 1;
  }
}
