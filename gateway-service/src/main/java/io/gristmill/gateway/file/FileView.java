package io.gristmill.gateway.file;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import java.time.Instant;
import java.util.List;

/** A stored file as the REST API shows it. */
record FileView(
    String id,
    String name,
    long size,
    String sha256,
    long chunkSize,
    int replication,
    String owner,
    Instant createdAt,
    List<ChunkView> chunks) {

  record ChunkView(int index, long offset, long size, long version, List<ReplicaView> replicas) {}

  record ReplicaView(String nodeId, String address, String zone, String state) {}

  static FileView of(FileInfo file) {
    return new FileView(file.getId(), file.getName(), file.getSize(), file.getSha256(), file.getChunkSize(),
        file.getReplication(), file.getOwner(), file.hasCreatedAt() ? instant(file.getCreatedAt()) : null,
        file.getChunksList().stream().map(FileView::chunk).toList());
  }

  private static ChunkView chunk(ChunkInfo chunk) {
    return new ChunkView(chunk.getIndex(), chunk.getOffset(), chunk.getSize(), chunk.getVersion(),
        chunk.getReplicasList().stream().map(FileView::replica).toList());
  }

  private static ReplicaView replica(ReplicaInfo replica) {
    return new ReplicaView(replica.getNodeId(), replica.getAddress(), replica.getZone(), replica.getState());
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
