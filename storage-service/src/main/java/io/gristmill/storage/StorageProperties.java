package io.gristmill.storage;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of one storage node ({@code gristmill.storage.*}). The property names are a contract with the launcher
 * and the Helm chart.
 *
 * @param nodeId this node's identity in the {@code nodes} table; when absent it is read from {@code
 *     <data-dir>/node-id}, or generated and written there, so that a restarted node keeps its id
 * @param dataDir directory holding this node's chunk files and its {@code node-id} file
 * @param advertisedAddress host:port of this node's gRPC server as other nodes and clients reach it; when absent,
 *     {@code localhost:<bound gRPC port>} once the server has started
 * @param zone failure domain of this node (rack, availability zone), reported with each replica
 * @param defaultChunkSize chunk size of an upload that does not ask for one
 * @param minChunkSize smallest chunk size an upload may ask for
 * @param maxChunkSize largest chunk size an upload may ask for
 * @param defaultReplication replication goal of an upload that does not ask for one
 * @param maxReplication largest replication goal an upload may ask for
 * @param maxFileSize largest file this node accepts; a larger upload fails with RESOURCE_EXHAUSTED
 * @param heartbeatInterval how often this node refreshes its capacity, use and liveness in {@code nodes}
 * @param chunkFetchTimeout deadline of one fetch of a chunk's bytes from another node while serving a read
 */
@ConfigurationProperties("gristmill.storage")
public record StorageProperties(
    String nodeId,
    @DefaultValue("./data/storage") Path dataDir,
    String advertisedAddress,
    @DefaultValue("default") String zone,
    @DefaultValue("64MB") DataSize defaultChunkSize,
    @DefaultValue("4KB") DataSize minChunkSize,
    @DefaultValue("1GB") DataSize maxChunkSize,
    @DefaultValue("3") int defaultReplication,
    @DefaultValue("10") int maxReplication,
    @DefaultValue("1TB") DataSize maxFileSize,
    @DefaultValue("3s") Duration heartbeatInterval,
    @DefaultValue("30m") Duration chunkFetchTimeout) {

  public StorageProperties {
    if (minChunkSize.toBytes() < 1 || minChunkSize.compareTo(maxChunkSize) > 0) {
      throw new IllegalArgumentException("gristmill.storage.min-chunk-size must be at least 1 byte and at most "
          + "max-chunk-size; was " + minChunkSize + " with max " + maxChunkSize);
    }
    if (defaultChunkSize.compareTo(minChunkSize) < 0 || defaultChunkSize.compareTo(maxChunkSize) > 0) {
      throw new IllegalArgumentException("gristmill.storage.default-chunk-size " + defaultChunkSize
          + " must lie within [min-chunk-size, max-chunk-size] = [" + minChunkSize + ", " + maxChunkSize + "]");
    }
    if (maxReplication < 1 || defaultReplication < 1 || defaultReplication > maxReplication) {
      throw new IllegalArgumentException("gristmill.storage.default-replication must lie within [1, "
          + "max-replication]; was " + defaultReplication + " with max " + maxReplication);
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("gristmill.storage.heartbeat-interval must be positive");
    }
  }
}
