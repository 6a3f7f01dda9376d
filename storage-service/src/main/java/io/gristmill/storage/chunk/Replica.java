package io.gristmill.storage.chunk;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/** A copy of a chunk's bytes on one node. */
@Entity
@Table(name = "replicas")
public class Replica {

  @EmbeddedId
  private ReplicaId id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private ReplicaState state;

  @Column(nullable = false)
  private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Replica() {}

  private Replica(ReplicaId id, long version, Instant createdAt) {
    this.id = id;
    this.state = ReplicaState.LIVE;
    this.version = version;
    this.createdAt = createdAt;
  }

  /** A replica of {@code version} whose bytes were just written and forced to the node's disk. */
  public static Replica stored(ReplicaId id, long version, Instant now) {
    return new Replica(id, version, now);
  }

  /** The replica is in the chunk's re-formed set and its node recorded the new version. */
  public void reformed(long newVersion) {
    if (state == ReplicaState.LIVE) {
      version = newVersion;
    }
  }

  /** The replica holds an older version than its chunk: never read again, waits for collection. */
  public void markStale() {
    if (state == ReplicaState.LIVE) {
      state = ReplicaState.STALE;
    }
  }

  /** The replica failed its checksums: it must not serve reads any more. */
  public void markCorrupt() {
    state = ReplicaState.CORRUPT;
  }

  public ReplicaId id() {
    return id;
  }

  public ReplicaState state() {
    return state;
  }

  public long version() {
    return version;
  }
}
