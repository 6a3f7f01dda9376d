package io.gristmill.storage.chunk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Compares a node's chunk report with the metadata and decides what the node must delete and what the metadata
 * must learn (the heartbeat reply of GFS). Files the metadata does not claim are deleted only once they have not
 * changed for the orphan grace, because they may be writes or copies still in flight.
 */
public final class ReportReconciler {

  /** A chunk file the node reported; version 0 means never sealed. */
  public record Reported(UUID handle, long version, Instant modifiedAt) {}

  /** What the metadata says of this node's replica of a chunk (state null: no replica row). */
  public record Known(UUID handle, long chunkVersion, ReplicaState state, Instant createdAt) {}

  /**
   * @param delete chunk files the node must delete
   * @param markStale replica rows that turn STALE (an older version than their chunk)
   * @param dropRows replica rows to remove: collected STALE or CORRUPT replicas, and LIVE ones the node lost
   */
  public record Decision(List<UUID> delete, List<UUID> markStale, List<UUID> dropRows) {}

  private final Duration orphanGrace;

  public ReportReconciler(Duration orphanGrace) {
    this.orphanGrace = orphanGrace;
  }

  /**
   * @param reported every chunk file the node listed, at {@code listedAt}
   * @param known the metadata of every reported handle the metadata knows and of every replica row of the node
   */
  public Decision decide(List<Reported> reported, Map<UUID, Known> known, Instant listedAt, Instant now) {
    List<UUID> delete = new ArrayList<>();
    List<UUID> stale = new ArrayList<>();
    List<UUID> drop = new ArrayList<>();
    Instant settled = now.minus(orphanGrace);
    Set<UUID> seen = new HashSet<>();
    for (Reported r : reported) {
      seen.add(r.handle());
      Known k = known.get(r.handle());
      boolean old = r.modifiedAt().isBefore(settled);
      if (k == null) {
        if (old) {
          delete.add(r.handle()); // an orphan: collected file, abandoned upload or unrecorded copy
        }
      } else if (k.state() == ReplicaState.STALE || k.state() == ReplicaState.CORRUPT) {
        delete.add(r.handle());
      } else if (k.state() == ReplicaState.LIVE) {
        if (r.version() < k.chunkVersion()) {
          stale.add(r.handle());
          delete.add(r.handle());
        }
      } else if (r.version() != 0 && r.version() < k.chunkVersion()) {
        delete.add(r.handle()); // a stale copy the metadata already forgot
      } else if (old) {
        delete.add(r.handle()); // unsealed, or a copy never recorded
      }
    }
    for (Known k : known.values()) {
      if (k.state() != null && !seen.contains(k.handle())) {
        if (k.state() != ReplicaState.LIVE || k.createdAt().isBefore(listedAt)) {
          drop.add(k.handle());
        }
      }
    }
    return new Decision(delete, stale, drop);
  }
}
