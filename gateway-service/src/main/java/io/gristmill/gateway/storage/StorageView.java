package io.gristmill.gateway.storage;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.storage.v1.ListNodesResponse;
import io.gristmill.contracts.storage.v1.NodeInfo;
import io.gristmill.contracts.storage.v1.StorageHealth;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/storage/nodes}; the dashboard reads exactly this shape. */
record StorageView(List<NodeView> nodes, HealthView health) {

  /** A node; {@code state} is LIVE, DEAD, DECOMMISSIONING or DECOMMISSIONED. */
  record NodeView(String id, String address, String zone, long capacityBytes, long usedBytes, long chunkCount,
      String state, Instant lastHeartbeat) {

    static NodeView of(NodeInfo node) {
      Timestamp t = node.getLastHeartbeat();
      return new NodeView(node.getId(), node.getAddress(), node.getZone(), node.getCapacityBytes(),
          node.getUsedBytes(), node.getChunkCount(), node.getState(),
          node.hasLastHeartbeat() ? Instant.ofEpochSecond(t.getSeconds(), t.getNanos()) : null);
    }
  }

  record HealthView(long underReplicatedChunks, long corruptReplicas, long staleReplicas, long gcBacklogChunks) {}

  static StorageView of(ListNodesResponse response) {
    StorageHealth h = response.getHealth();
    return new StorageView(response.getNodesList().stream().map(NodeView::of).toList(),
        new HealthView(h.getUnderReplicatedChunks(), h.getCorruptReplicas(), h.getStaleReplicas(),
            h.getGcBacklogChunks()));
  }
}
