package io.gristmill.storage.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Where an upload puts a chunk's bytes. The receiving node's disk today ({@link LocalChunkSink}); a replication
 * pipeline through the chunk's other replicas later, behind the same contract, so the upload does not change.
 */
public interface ChunkSink {

  /** Starts a new chunk that should reach {@code replication} nodes. */
  OpenChunk open(UUID handle, int replication) throws IOException;

  /** Removes the replicas of a chunk stored by this sink, for an upload that is abandoned. */
  void discard(StoredChunk chunk) throws IOException;

  /** A chunk being written. Either {@link #seal} or {@link #abort} ends it. */
  interface OpenChunk {

    /** Appends the remaining bytes of {@code bytes}, leaving the buffer's position unchanged. */
    void write(ByteBuffer bytes) throws IOException;

    /** Makes the bytes durable on every replica and says where they are. */
    StoredChunk seal() throws IOException;

    /** Removes everything written so far. */
    void abort() throws IOException;
  }
}
