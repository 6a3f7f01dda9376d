package io.gristmill.storage.chunk;

import java.util.List;
import java.util.UUID;

/**
 * A chunk whose bytes are durable on every node listed.
 *
 * @param version the version its replicas were written with: {@link Chunk#FIRST_VERSION}, or higher when its
 *     pipeline had to be formed again
 */
public record StoredChunk(UUID handle, long size, long version, List<String> nodeIds) {

  public StoredChunk {
    nodeIds = List.copyOf(nodeIds);
  }
}
