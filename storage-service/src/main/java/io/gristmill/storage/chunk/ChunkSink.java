package io.gristmill.storage.chunk;

import java.io.IOException;
import com.google.protobuf.ByteString;
import java.util.UUID;

/**
 * Where an upload puts a chunk's bytes: a replication pipeline through the nodes placement chooses
 * ({@link PipelineChunkSink}). Behind this contract so that the upload does not care how replicas are made.
 */
public interface ChunkSink {

  /** Starts a new chunk that should reach {@code replication} nodes. */
  OpenChunk open(UUID handle, int replication) throws IOException;

  /** Removes the replicas of a chunk stored by this sink, for an upload that is abandoned. */
  void discard(StoredChunk chunk) throws IOException;

  /** A chunk being written. Either {@link #seal} or {@link #abort} ends it. */
  interface OpenChunk {

    /**
     * Appends {@code bytes}. They are passed on as they are, not copied, so nothing may change them afterwards
     * (a {@link ByteString} is immutable, unless made with {@code UnsafeByteOperations}).
     */
    void write(ByteString bytes) throws IOException;

    /** Makes the bytes durable on at least the write quorum of replicas and says where they are. */
    StoredChunk seal() throws IOException;

    /** Removes everything written so far. */
    void abort() throws IOException;
  }
}
