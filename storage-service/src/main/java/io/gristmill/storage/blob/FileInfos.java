package io.gristmill.storage.blob;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.gristmill.storage.chunk.ReplicaLocation;

/** Maps the file model to its wire form, at the edge. */
final class FileInfos {

  private FileInfos() {}

  static FileInfo toProto(FileLayout file) {
    FileInfo.Builder info = FileInfo.newBuilder()
        .setId(file.id().toString())
        .setName(file.name())
        .setSize(file.size())
        .setSha256(file.sha256())
        .setChunkSize(file.chunkSize())
        .setReplication(file.replication())
        .setOwner(file.owner())
        .setCreatedAt(Timestamp.newBuilder()
            .setSeconds(file.createdAt().getEpochSecond()).setNanos(file.createdAt().getNano()));
    for (FileLayout.ChunkLayout chunk : file.chunks()) {
      ChunkInfo.Builder chunkInfo = ChunkInfo.newBuilder()
          .setIndex(chunk.index())
          .setHandle(chunk.handle().toString())
          .setOffset(chunk.offset())
          .setSize(chunk.size())
          .setVersion(chunk.version());
      for (ReplicaLocation replica : chunk.replicas()) {
        chunkInfo.addReplicas(ReplicaInfo.newBuilder()
            .setNodeId(replica.nodeId())
            .setAddress(replica.address())
            .setZone(replica.zone())
            .setState(replica.state().name()));
      }
      info.addChunks(chunkInfo);
    }
    return info.build();
  }
}
