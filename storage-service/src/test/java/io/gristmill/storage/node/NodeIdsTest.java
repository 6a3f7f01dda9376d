package io.gristmill.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdsTest {

  @TempDir
  Path dataDir;

  @Test
  void generatesAnIdOnceAndKeepsItAcrossRestarts() throws Exception {
    String first = NodeIds.resolve(null, dataDir);
    String second = NodeIds.resolve("", dataDir);

    assertThat(UUID.fromString(first)).isNotNull();
    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(dataDir.resolve("node-id"))).isEqualTo(first + "\n");
  }

  @Test
  void takesTheConfiguredIdAndRecordsIt() throws Exception {
    assertThat(NodeIds.resolve("node-a", dataDir.resolve("new"))).isEqualTo("node-a");
    assertThat(NodeIds.resolve(null, dataDir.resolve("new"))).isEqualTo("node-a");
  }

  @Test
  void refusesADataDirectoryOfAnotherNode() throws Exception {
    NodeIds.resolve("node-a", dataDir);

    assertThatThrownBy(() -> NodeIds.resolve("node-b", dataDir))
        .hasMessage("data directory " + dataDir + " belongs to node 'node-a' but gristmill.storage.node-id is "
            + "'node-b'");
  }
}
