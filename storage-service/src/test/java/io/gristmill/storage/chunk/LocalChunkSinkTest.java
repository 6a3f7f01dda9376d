package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.node.LocalNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class LocalChunkSinkTest extends ChunkSinkContract {

  @TempDir
  Path dataDir;

  private LocalChunkStore store;
  private LocalChunkSink sink;

  @BeforeEach
  void createSink() {
    StorageProperties properties = new StorageProperties("node-x", dataDir, null, "default", DataSize.ofMegabytes(64),
        DataSize.ofKilobytes(4), DataSize.ofGigabytes(1), 3, 10, DataSize.ofTerabytes(1), Duration.ofSeconds(3),
        Duration.ofMinutes(30));
    store = new LocalChunkStore(properties);
    sink = new LocalChunkSink(store, new LocalNode(properties));
  }

  @Override
  ChunkSink sink() {
    return sink;
  }

  @Override
  byte[] replicaBytes(StoredChunk chunk) throws Exception {
    try (VerifiedChunkFile file = store.open(chunk.handle())) {
      ByteBuffer bytes = file.read(0, Math.toIntExact(file.size()));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (ReplicaUnusableException e) {
      assertThat(e.kind()).isEqualTo(ReplicaUnusableException.Kind.MISSING);
      return null;
    }
  }

  @Test
  void keepsEveryChunkOnTheReceivingNodeWhateverTheGoal() throws Exception {
    ChunkSink.OpenChunk open = sink.open(java.util.UUID.randomUUID(), 3);
    open.write(ByteBuffer.wrap(new byte[5]));

    assertThat(open.seal().nodeIds()).containsExactly("node-x");
  }
}
