package io.gristmill.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class StoragePropertiesTest {

  @Test
  void refusesADefaultChunkSizeOutsideTheLimits() {
    assertThatThrownBy(() -> properties(DataSize.ofKilobytes(2), DataSize.ofKilobytes(4), 3, 10))
        .hasMessage("gristmill.storage.default-chunk-size 2048B must lie within [min-chunk-size, max-chunk-size] = "
            + "[4096B, 1073741824B]");
  }

  @Test
  void refusesADefaultReplicationAboveTheMaximum() {
    assertThatThrownBy(() -> properties(DataSize.ofMegabytes(64), DataSize.ofKilobytes(4), 4, 3))
        .hasMessage("gristmill.storage.default-replication must lie within [1, max-replication]; was 4 with max 3");
  }

  private static StorageProperties properties(DataSize defaultChunk, DataSize minChunk, int replication,
      int maxReplication) {
    return new StorageProperties(null, Path.of("data"), null, "default", defaultChunk, minChunk,
        DataSize.ofGigabytes(1), replication, maxReplication, DataSize.ofTerabytes(1), Duration.ofSeconds(3),
        Duration.ofMinutes(30));
  }
}
