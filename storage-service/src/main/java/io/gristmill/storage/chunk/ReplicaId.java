package io.gristmill.storage.chunk;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A replica is known by its chunk and the node holding it: a node holds at most one copy of a chunk. */
@Embeddable
public class ReplicaId implements Serializable {

  @Column(name = "chunk_handle", nullable = false)
  private UUID chunkHandle;

  @Column(name = "node_id", nullable = false)
  private String nodeId;

  protected ReplicaId() {}

  public ReplicaId(UUID chunkHandle, String nodeId) {
    this.chunkHandle = chunkHandle;
    this.nodeId = nodeId;
  }

  public UUID chunkHandle() {
    return chunkHandle;
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplicaId other && chunkHandle.equals(other.chunkHandle) && nodeId.equals(other.nodeId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(chunkHandle, nodeId);
  }
}
