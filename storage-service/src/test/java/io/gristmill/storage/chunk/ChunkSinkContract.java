package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ChunkSink} must do; each implementation's test extends this. */
abstract class ChunkSinkContract {

  /** The sink under test, fresh for each test. */
  abstract ChunkSink sink();

  /** The bytes of a sealed chunk as one of its replicas holds them, or null when no replica holds it. */
  abstract byte[] replicaBytes(StoredChunk chunk) throws Exception;

  @Test
  void aSealedChunkHoldsExactlyTheBytesWrittenInAnySlicing() throws Exception {
    byte[] data = new byte[200_000];
    new Random(1).nextBytes(data);
    UUID handle = UUID.randomUUID();
    ChunkSink.OpenChunk open = sink().open(handle, 1);
    open.write(ByteString.copyFrom(data, 0, 70_000));
    open.write(ByteString.copyFrom(data, 70_000, 130_000));

    StoredChunk stored = open.seal();

    assertThat(stored.handle()).isEqualTo(handle);
    assertThat(stored.size()).isEqualTo(data.length);
    assertThat(stored.nodeIds()).isNotEmpty().doesNotHaveDuplicates();
    assertThat(replicaBytes(stored)).isEqualTo(data);
  }

  @Test
  void anAbortedChunkLeavesNoReplica() throws Exception {
    UUID handle = UUID.randomUUID();
    ChunkSink.OpenChunk open = sink().open(handle, 1);
    open.write(ByteString.copyFrom(new byte[1000]));

    open.abort();

    // Cancelling reaches the nodes of a pipeline asynchronously.
    await().untilAsserted(() -> assertThat(replicaBytes(new StoredChunk(handle, 1000, Chunk.FIRST_VERSION, List.of("any")))).isNull());
  }

  @Test
  void aDiscardedChunkLeavesNoReplica() throws Exception {
    ChunkSink.OpenChunk open = sink().open(UUID.randomUUID(), 1);
    open.write(ByteString.copyFrom(new byte[10]));
    StoredChunk stored = open.seal();

    sink().discard(stored);

    assertThat(replicaBytes(stored)).isNull();
  }
}
