package io.gristmill.storage.maintenance;

import io.gristmill.storage.chunk.ReplicaState;
import io.gristmill.storage.node.NodeState;

/** A node with a replica row of a chunk, as the duties see it. */
record Holder(String nodeId, String address, String zone, ReplicaState state, long version, NodeState nodeState) {

  /** Holds the chunk's current bytes on a node that serves them: a copy source. */
  boolean serves(long chunkVersion) {
    return state == ReplicaState.LIVE && version == chunkVersion && nodeState.serves();
  }

  /** Counts towards the chunk's goal: current, and on a LIVE node (not draining). */
  boolean counts(long chunkVersion) {
    return serves(chunkVersion) && nodeState == NodeState.LIVE;
  }
}
