package io.gristmill.storage.chunk;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** A copy of a chunk's bytes on one node. */
@Entity
@Table(name = "replicas")
public class Replica {

  @EmbeddedId
  private ReplicaId id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private ReplicaState state;

  protected Replica() {}

  private Replica(ReplicaId id, ReplicaState state) {
    this.id = id;
    this.state = state;
  }

  /** A replica whose bytes were just written and forced to the node's disk. */
  public static Replica stored(ReplicaId id) {
    return new Replica(id, ReplicaState.LIVE);
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
}
