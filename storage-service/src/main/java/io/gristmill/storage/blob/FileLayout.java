package io.gristmill.storage.blob;

import io.gristmill.storage.chunk.ReplicaLocation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A committed file as readers see it: metadata and its chunks in index order with their replicas. */
record FileLayout(UUID id, String name, long size, String sha256, long chunkSize, int replication, String owner,
    Instant createdAt, List<ChunkLayout> chunks) {

  /** One chunk and where its replicas are. */
  record ChunkLayout(int index, UUID handle, long offset, long size, long version, List<ReplicaLocation> replicas) {}
}
