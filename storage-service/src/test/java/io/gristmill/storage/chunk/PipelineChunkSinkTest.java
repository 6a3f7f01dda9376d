package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.testsupport.postgres.FreshDatabaseInitializer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The pipeline sink of one node, writing through real gRPC to itself: the contract every sink keeps. */
@SpringBootTest(properties = {
    "spring.grpc.server.port=0",
    "gristmill.storage.node-id=pipeline-node",
    "gristmill.storage.heartbeat-interval=100ms"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class PipelineChunkSinkTest extends ChunkSinkContract {

  private static final Path DATA_DIR = Path.of("target", "test-data", "pipeline-" + UUID.randomUUID());

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("gristmill.storage.data-dir", DATA_DIR::toString);
  }

  @Autowired
  PipelineChunkSink sink;

  @Autowired
  LocalChunkStore store;

  @Autowired
  LocalNode node;

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
  void aSingleNodeHoldsTheOnlyReplicaWhateverTheGoalAndRecordsItsVersion() throws Exception {
    UUID handle = UUID.randomUUID();
    ChunkSink.OpenChunk open = sink.open(handle, 3);
    open.write(ByteString.copyFrom(new byte[5]));

    assertThat(open.seal().nodeIds()).containsExactly(node.id());
    assertThat(store.version(handle)).isEqualTo(Chunk.FIRST_VERSION);
  }
}
