package io.gristmill.storage.blob;

import io.gristmill.storage.chunk.ReplicaLocation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A committed file as readers see it: metadata and its chunks in index order with their replicas; all of them,
 * or for a read of a range only the consecutive chunks that hold it.
 */
record FileLayout(UUID id, String name, long size, String sha256, long chunkSize, int replication, String owner,
    Instant createdAt, List<ChunkLayout> chunks) {

  /** The chunk of index {@code index}, which must be among those this layout holds. */
  ChunkLayout chunk(int index) {
    ChunkLayout chunk = chunks.isEmpty() ? null : chunks.get(index - chunks.get(0).index());
    if (chunk == null || chunk.index() != index) {
      throw new IllegalStateException("layout of file " + id + " does not hold chunk " + index);
    }
    return chunk;
  }

  /** One chunk and where its replicas are. */
  record ChunkLayout(int index, UUID handle, long offset, long size, long version, List<ReplicaLocation> replicas) {}
}
