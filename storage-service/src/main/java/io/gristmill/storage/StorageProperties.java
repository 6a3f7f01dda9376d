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
 * @param chunkFetchTimeout deadline of one fetch of a chunk's bytes from another node while serving a read, and
 *     of one chunk's transfer in a write pipeline or a copy
 * @param placement where new replicas go and how many must be durable before a chunk counts as written
 * @param deadNodes failure detection
 * @param repair re-replication of chunks below their goal
 * @param rebalance moving replicas from full nodes to empty ones
 * @param deletion deleted files, abandoned uploads and orphan replicas
 * @param scrub background verification of replicas
 * @param transfer how many bytes of a stream between the nodes may be on the way at once
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
    @DefaultValue("30m") Duration chunkFetchTimeout,
    @DefaultValue Placement placement,
    @DefaultValue DeadNodes deadNodes,
    @DefaultValue Repair repair,
    @DefaultValue Rebalance rebalance,
    @DefaultValue Deletion deletion,
    @DefaultValue Scrub scrub,
    @DefaultValue Transfer transfer) {

  /**
   * @param flowControlWindow HTTP/2 receive window of each stream of this node's gRPC server and of its channels
   *     to other nodes: the bytes a sender may have on the way before this node has taken them. Several 1 MiB
   *     messages, so that a write pipeline's hops receive the next message while they write the last one, where
   *     gRPC's default of 1 MiB let only one message through at a time
   * @param queuedBytes bytes a pipeline's writer or hop queues toward the next node before it waits for that node
   *     to take them; gRPC's default of 32 KiB made every 1 MiB message wait until the one before had left
   */
  public record Transfer(
      @DefaultValue("8MB") DataSize flowControlWindow,
      @DefaultValue("4MB") DataSize queuedBytes) {}

  /**
   * @param writeQuorum replicas a chunk must reach before the upload may go on (capped by its replication goal);
   *     the rest are made later by re-replication
   * @param recentCreationWindow how far back "recent" chunk creations on a node are counted
   * @param maxRecentCreations replicas a node may receive within the window before placement prefers others, so
   *     that a new, empty node is filled gradually instead of taking every new chunk at once
   * @param pipelineAttempts pipelines one chunk may be written through: when the first node of a pipeline fails,
   *     the chunk is written again, with a higher version, through nodes that have not failed, while the write
   *     quorum can still be met. Above 1, the writing node keeps the open chunk's bytes in a spool file under
   *     {@code <data-dir>/spool} to send them again; 1 turns retries and the spool off. A pipeline that starts at
   *     the writing node itself is written once, unspooled: it loses its first node only when the writer's disk fails
   */
  public record Placement(
      @DefaultValue("2") int writeQuorum,
      @DefaultValue("1m") Duration recentCreationWindow,
      @DefaultValue("200") int maxRecentCreations,
      @DefaultValue("3") int pipelineAttempts) {}

  /**
   * @param timeout a node that has not heartbeaten for this long is DEAD: its replicas stop counting
   * @param period how often the leader looks for dead nodes and finished decommissions
   */
  public record DeadNodes(@DefaultValue("30s") Duration timeout, @DefaultValue("5s") Duration period) {}

  /**
   * @param period how often the leader looks for chunks below their replication goal
   * @param maxCopiesPerRun chunk copies one run starts at most, so repair never starves user traffic
   */
  public record Repair(@DefaultValue("5s") Duration period, @DefaultValue("16") int maxCopiesPerRun) {}

  /**
   * @param period how often the leader compares the nodes' disk use
   * @param threshold share of capacity by which a node's use may differ from the average before replicas move
   * @param maxMovesPerRun replicas one run moves at most
   */
  public record Rebalance(
      @DefaultValue("1m") Duration period,
      @DefaultValue("0.1") double threshold,
      @DefaultValue("4") int maxMovesPerRun) {}

  /**
   * @param retention how long a deleted file can be restored before its chunks are collected
   * @param period how often the leader collects expired deletions and abandoned uploads
   * @param abandonedUploadTimeout an upload still running after this long is taken as abandoned by a crashed node
   * @param orphanGrace age (since last modification) after which a chunk file that no metadata claims is deleted;
   *     younger ones may be writes or copies in flight. A chunk file can exist unclaimed for one pipeline write and
   *     then a top-up copy (each bounded by {@code chunk-fetch-timeout}) before its row is recorded, so this must
   *     be at least twice {@code chunk-fetch-timeout}, or a chunk being written could be collected
   */
  public record Deletion(
      @DefaultValue("3d") Duration retention,
      @DefaultValue("1m") Duration period,
      @DefaultValue("24h") Duration abandonedUploadTimeout,
      @DefaultValue("1h") Duration orphanGrace) {}

  /**
   * @param period how often the leader verifies a batch of replicas
   * @param bytesPerRun chunk bytes one run verifies at most, which bounds the scrubber's disk and network rate
   * @param interval a chunk is verified again once this long has passed since its last verification
   */
  public record Scrub(
      @DefaultValue("1m") Duration period,
      @DefaultValue("256MB") DataSize bytesPerRun,
      @DefaultValue("7d") Duration interval) {}

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
    if (placement.writeQuorum() < 1) {
      throw new IllegalArgumentException("gristmill.storage.placement.write-quorum must be at least 1; was "
          + placement.writeQuorum());
    }
    if (placement.pipelineAttempts() < 1) {
      throw new IllegalArgumentException("gristmill.storage.placement.pipeline-attempts must be at least 1; was "
          + placement.pipelineAttempts());
    }
    long window = transfer.flowControlWindow().toBytes();
    long queued = transfer.queuedBytes().toBytes();
    if (window < 64 * 1024 || window > Integer.MAX_VALUE || queued < 1 || queued > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("gristmill.storage.transfer.flow-control-window must lie within [64KB, 2GB)"
          + " and transfer.queued-bytes within [1B, 2GB); were " + transfer.flowControlWindow() + " and "
          + transfer.queuedBytes());
    }
    if (deletion.orphanGrace().compareTo(chunkFetchTimeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("gristmill.storage.deletion.orphan-grace " + deletion.orphanGrace()
          + " must be at least twice gristmill.storage.chunk-fetch-timeout (" + chunkFetchTimeout + "): a chunk file "
          + "may wait that long for its metadata row, and would be collected as an orphan while still being "
          + "written");
    }
    if (deadNodes.timeout().compareTo(heartbeatInterval.multipliedBy(2)) <= 0) {
      throw new IllegalArgumentException("gristmill.storage.dead-nodes.timeout " + deadNodes.timeout()
          + " must exceed two heartbeat intervals (" + heartbeatInterval + ")");
    }
  }
}
