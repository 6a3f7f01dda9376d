package io.gristmill.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
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

  @Test
  void refusesADeadNodeTimeoutThatAHeartbeatDelayCouldTrip() {
    assertThatThrownBy(() -> bind(Map.of("gristmill.storage.heartbeat-interval", "3s",
        "gristmill.storage.dead-nodes.timeout", "6s")))
        .rootCause()
        .hasMessage("gristmill.storage.dead-nodes.timeout PT6S must exceed two heartbeat intervals (PT3S)");
  }

  @Test
  void refusesAnOrphanGraceThatAChunkStillBeingWrittenCouldOutlive() {
    assertThatThrownBy(() -> bind(Map.of("gristmill.storage.chunk-fetch-timeout", "10m",
        "gristmill.storage.deletion.orphan-grace", "19m")))
        .rootCause()
        .hasMessage("gristmill.storage.deletion.orphan-grace PT19M must be at least twice "
            + "gristmill.storage.chunk-fetch-timeout (PT10M): a chunk file may wait that long for its metadata row, "
            + "and would be collected as an orphan while still being written");
    assertThat(bind(Map.of("gristmill.storage.chunk-fetch-timeout", "10m",
        "gristmill.storage.deletion.orphan-grace", "20m")).deletion().orphanGrace()).hasMinutes(20);
  }

  @Test
  void refusesFewerThanOnePipelineAttempt() {
    assertThatThrownBy(() -> bind(Map.of("gristmill.storage.placement.pipeline-attempts", "0")))
        .rootCause()
        .hasMessage("gristmill.storage.placement.pipeline-attempts must be at least 1; was 0");
  }

  @Test
  void refusesAFlowControlWindowBelowHttp2sMinimum() {
    assertThatThrownBy(() -> bind(Map.of("gristmill.storage.transfer.flow-control-window", "16KB")))
        .rootCause()
        .hasMessage("gristmill.storage.transfer.flow-control-window must lie within [64KB, 2GB) and "
            + "transfer.queued-bytes within [1B, 2GB); were 16384B and 4194304B");
  }

  @Test
  void defaultsAreProductionLike() {
    StorageProperties defaults = bind(Map.of());

    assertThat(defaults.defaultReplication()).isEqualTo(3);
    assertThat(defaults.placement().writeQuorum()).isEqualTo(2);
    assertThat(defaults.placement().pipelineAttempts()).isEqualTo(3);
    assertThat(defaults.deletion().orphanGrace()).isGreaterThanOrEqualTo(defaults.chunkFetchTimeout().multipliedBy(2));
    assertThat(defaults.deletion().retention()).isEqualTo(Duration.ofDays(3));
    assertThat(defaults.deadNodes().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.scrub().bytesPerRun()).isEqualTo(DataSize.ofMegabytes(256));
    assertThat(defaults.transfer().flowControlWindow()).isEqualTo(DataSize.ofMegabytes(8));
    assertThat(defaults.transfer().queuedBytes()).isEqualTo(DataSize.ofMegabytes(4));
  }

  private static StorageProperties properties(DataSize defaultChunk, DataSize minChunk, int replication,
      int maxReplication) {
    try {
      return bind(Map.of("gristmill.storage.default-chunk-size", defaultChunk.toBytes() + "B",
          "gristmill.storage.min-chunk-size", minChunk.toBytes() + "B",
          "gristmill.storage.default-replication", Integer.toString(replication),
          "gristmill.storage.max-replication", Integer.toString(maxReplication)));
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw cause instanceof IllegalArgumentException iae ? iae : e;
    }
  }

  /** Binds like the application does, defaults included. */
  static StorageProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("gristmill.storage", StorageProperties.class);
  }
}
