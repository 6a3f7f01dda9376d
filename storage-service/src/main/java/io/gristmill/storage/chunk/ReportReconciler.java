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
 *
 * <p>The node's replica rows must have been read before it listed its chunk files. Bytes reach the disk (sealed,
 * version recorded) before their row is committed, so a row read before the listing describes a file the listing
 * already sees as it is; a row read after it may describe a write or a new version that the listing missed, and
 * judging the listing by it would delete a replica that was just written.
 */
public final class ReportReconciler {

  /** A chunk file the node reported; version 0 means never sealed. */
  public record Reported(UUID handle, long version, Instant modifiedAt) {}

  /**
   * What the metadata says of this node's replica of a chunk (state null: no replica row); {@code createdAt} tells
   * this row from a later one of the same replica, so that a decision is applied only to the row it was made on.
   */
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
   * @param reported every chunk file the node listed
   * @param known every replica row of the node, read before the listing began, and the chunk of every other
   *     reported handle the metadata knows
   */
  public Decision decide(List<Reported> reported, Map<UUID, Known> known, Instant now) {
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
        drop.add(k.handle()); // recorded before the listing, so its file was sealed before it: the node lost it
      }
    }
    return new Decision(delete, stale, drop);
  }
}
