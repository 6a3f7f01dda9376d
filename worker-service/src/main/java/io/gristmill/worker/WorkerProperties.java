package io.gristmill.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a worker, under {@code gristmill.worker}. The local launcher passes them on the command line, so the
 * names are a contract.
 *
 * @param jobServiceAddress host:port of the job service's TaskDispatch gRPC API
 * @param storageAddresses host:port of storage nodes, at least one; calls rotate over them and fail over
 * @param slots tasks run at once; unset or 0 means the number of available processors
 * @param workDir local directory for map outputs and reduce scratch space; emptied at start-up
 * @param advertisedHost host name other workers reach this worker's gRPC port at; the shuffle address it registers
 *     is {@code advertised-host:<spring.grpc.server.port>}
 * @param pollWait how long the job service may hold one AcquireTask long poll waiting for a task
 * @param rpcTimeout deadline of every short call (register, heartbeat, reports); a long poll gets poll-wait on top
 * @param transferTimeout deadline of a whole streaming transfer: a split read, a shuffle fetch, an output upload
 * @param drainTimeout on shutdown, how long running tasks may take to finish before they are interrupted
 * @param registration how registration is retried while the job service is unreachable
 * @param engine how map and reduce tasks use memory and the network
 */
@ConfigurationProperties("gristmill.worker")
public record WorkerProperties(
    @DefaultValue("localhost:9091") String jobServiceAddress,
    @DefaultValue("localhost:9090") List<String> storageAddresses,
    Integer slots,
    @DefaultValue("./data/worker") Path workDir,
    @DefaultValue("localhost") String advertisedHost,
    @DefaultValue("10s") Duration pollWait,
    @DefaultValue("10s") Duration rpcTimeout,
    @DefaultValue("1h") Duration transferTimeout,
    @DefaultValue("30s") Duration drainTimeout,
    @DefaultValue Registration registration,
    @DefaultValue Engine engine) {

  public WorkerProperties {
    if (slots == null || slots == 0) {
      slots = Runtime.getRuntime().availableProcessors();
    }
    if (slots < 0) {
      throw new IllegalArgumentException("gristmill.worker.slots must not be negative, got " + slots);
    }
    if (storageAddresses.isEmpty()) {
      throw new IllegalArgumentException("gristmill.worker.storage-addresses needs at least one address");
    }
    storageAddresses = List.copyOf(storageAddresses);
  }

  /**
   * Registration retries: the services start in any order, so a worker keeps trying, backing off exponentially.
   *
   * @param initialBackoff wait after the first failed attempt
   * @param maxBackoff longest wait between attempts
   */
  public record Registration(
      @DefaultValue("200ms") Duration initialBackoff, @DefaultValue("10s") Duration maxBackoff) {}

  /**
   * The engine's memory and network use.
   *
   * @param sortBuffer map output a map task holds in memory before it sorts and spills it to disk; each running
   *     map task has one, so slots times this must fit the heap with room to spare
   * @param parallelFetches map outputs a reduce task fetches at once (each streamed to local disk)
   * @param mergeFactor sorted runs a reduce task merges at once, each with a 64 KiB read buffer; with more map
   *     outputs than this, groups of them are first merged into intermediate runs on local disk
   */
  public record Engine(
      @DefaultValue("32MB") DataSize sortBuffer,
      @DefaultValue("5") int parallelFetches,
      @DefaultValue("64") int mergeFactor) {

    public Engine {
      if (sortBuffer.toBytes() < 1024) {
        throw new IllegalArgumentException(
            "gristmill.worker.engine.sort-buffer must be at least 1KB, got " + sortBuffer.toBytes() + " bytes");
      }
      if (parallelFetches < 1) {
        throw new IllegalArgumentException(
            "gristmill.worker.engine.parallel-fetches must be at least 1, got " + parallelFetches);
      }
      if (mergeFactor < 2) {
        throw new IllegalArgumentException(
            "gristmill.worker.engine.merge-factor must be at least 2, got " + mergeFactor);
      }
    }
  }
}
