package io.gristmill.storage.chunk;

import io.gristmill.storage.node.LocalNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Stores every chunk as a single replica on the receiving node, whatever the replication goal: the goal stays
 * recorded on the file and re-replication brings the chunk up to it.
 */
@Component
class LocalChunkSink implements ChunkSink {

  private final LocalChunkStore store;
  private final LocalNode node;

  LocalChunkSink(LocalChunkStore store, LocalNode node) {
    this.store = store;
    this.node = node;
  }

  @Override
  public OpenChunk open(UUID handle, int replication) throws IOException {
    ChunkFileWriter writer = store.create(handle);
    return new OpenChunk() {
      @Override
      public void write(ByteBuffer bytes) throws IOException {
        writer.write(bytes);
      }

      @Override
      public StoredChunk seal() throws IOException {
        return new StoredChunk(handle, writer.seal(), List.of(node.id()));
      }

      @Override
      public void abort() throws IOException {
        writer.abort();
      }
    };
  }

  @Override
  public void discard(StoredChunk chunk) throws IOException {
    store.delete(chunk.handle());
  }
}
