package io.gristmill.storage.chunk;

import java.util.List;
import java.util.UUID;

/** A chunk whose bytes are durable on every node listed. */
public record StoredChunk(UUID handle, long size, List<String> nodeIds) {

  public StoredChunk {
    nodeIds = List.copyOf(nodeIds);
  }
}
