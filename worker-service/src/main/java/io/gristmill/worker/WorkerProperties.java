package io.gristmill.worker;

import io.gristmill.grpc.retry.Backoff;
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
 * @param prefetch how many tasks a busy worker claims ahead of its free slots, to run next without a call each
 * @param rpcTimeout deadline of every short call (register, heartbeat, reports); a long poll gets poll-wait on top
 * @param transferTimeout deadline of a whole streaming transfer: a split read, a shuffle fetch, an output upload
 * @param drainTimeout on shutdown (SIGTERM), how long running attempts may take to finish and report before they
 *     are cancelled; the worker stops polling at once, heartbeats with {@code draining = true} meanwhile, and then
 *     calls LeaveWorker
 * @param reportTimeout how long an attempt's CompleteAttempt or FailAttempt is retried in all while the job
 *     service is unavailable (restarting, say); both are deduplicated by attempt id, so retrying is safe
 * @param registration how calls to the job service (registration, polls, reports) back off while it is unreachable
 * @param fetch how a reduce retries copying a map output before it reports the output as lost
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
    @DefaultValue Prefetch prefetch,
    @DefaultValue("10s") Duration rpcTimeout,
    @DefaultValue("1h") Duration transferTimeout,
    @DefaultValue("30s") Duration drainTimeout,
    @DefaultValue("2m") Duration reportTimeout,
    @DefaultValue Registration registration,
    @DefaultValue Fetch fetch,
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
   * Retries of calls to the job service: the services start in any order and the job service may restart, so a
   * worker keeps trying registration, polls and reports, backing off exponentially with full jitter (each wait
   * drawn from zero up to a ceiling that doubles from {@code initialBackoff} to {@code maxBackoff}).
   *
   * @param initialBackoff ceiling of the wait after the first failed call
   * @param maxBackoff ceiling of every wait
   */
  public record Registration(
      @DefaultValue("200ms") Duration initialBackoff, @DefaultValue("10s") Duration maxBackoff) {

    /** A new backoff for one retry loop. */
    public Backoff backoff() {
      return new Backoff(initialBackoff, maxBackoff, 2);
    }
  }

  /**
   * Retries of one map output copy (shuffle or storage) when its holder is unreachable, overloaded or slow. An
   * output that is gone or corrupt is not retried; after the last try the reduce fails and reports which outputs
   * it could not fetch, so that the job service can re-run those maps.
   *
   * @param attempts tries per map output, at least 1
   * @param initialBackoff ceiling of the wait after the first failed try
   * @param maxBackoff ceiling of every wait
   * @param stallTimeout a shuffle fetch that receives nothing for this long is given up as stalled (a frozen map
   *     worker still accepts connections); the transfer timeout bounds the whole fetch
   */
  public record Fetch(@DefaultValue("4") int attempts, @DefaultValue("500ms") Duration initialBackoff,
      @DefaultValue("5s") Duration maxBackoff, @DefaultValue("60s") Duration stallTimeout) {

    public Fetch {
      if (attempts < 1) {
        throw new IllegalArgumentException("gristmill.worker.fetch.attempts must be at least 1, got " + attempts);
      }
    }
  }

  /**
   * Tasks claimed ahead: a slot that asks for work takes more in the same AcquireTask call and queues them for the
   * slots (the job service's {@code max-assignments-per-claim} caps the call). A queued task is already a running
   * attempt of this worker with its own lease: heartbeats list it, a cancellation drops it, and on shutdown it is
   * run like a running one (or cancelled with them when the drain times out; the job service then re-queues it
   * when the worker leaves or its lease runs out). The queue holds about {@code ahead} of work, judged by how long
   * the last task a slot ran took, so that tiny tasks share one claim and one transaction by the dozen while a
   * worker never sits on long tasks that another could start now.
   *
   * @param tasks most tasks queued ahead; 0 turns prefetching off (one task per call)
   * @param ahead how much work, at the last task's run time, the queue may hold; a task that ran this long or
   *     longer turns prefetching off until a shorter one runs
   */
  public record Prefetch(@DefaultValue("32") int tasks, @DefaultValue("200ms") Duration ahead) {

    public Prefetch {
      if (tasks < 0) {
        throw new IllegalArgumentException("gristmill.worker.prefetch.tasks must not be negative, got " + tasks);
      }
      if (ahead.isNegative()) {
        throw new IllegalArgumentException("gristmill.worker.prefetch.ahead must not be negative, got " + ahead);
      }
    }

    /** How many tasks to keep queued while each takes {@code lastRunNanos}: as many as fit in {@code ahead}. */
    public int queueFor(long lastRunNanos) {
      if (lastRunNanos >= ahead.toNanos()) {
        return 0;
      }
      return (int) Math.min(tasks, ahead.toNanos() / Math.max(1, lastRunNanos));
    }
  }

  /**
   * The engine's memory and network use.
   *
   * @param sortBuffer map output a map task holds in memory before it sorts and spills it to disk; each running
   *     map task has one, so slots times this must fit the heap with room to spare
   * @param parallelFetches map outputs a reduce task fetches at once (each streamed to local disk)
   * @param mergeFactor sorted runs on disk a reduce task merges at once, each with a 64 KiB read buffer; with more
   *     of them than this, groups of them are first merged into intermediate runs on local disk
   * @param shuffleMemory bytes of map outputs held by its own worker that a reduce task reads into memory instead
   *     of copying them to scratch files; runs in memory need no read buffer and do not count against the merge
   *     factor, so a reduce after many tiny maps merges them all in one pass. Each running reduce may hold this
   *     much, so slots times this must fit the heap with room to spare; 0 copies every output to disk
   * @param shortCircuitReads whether a map task reads its split straight from the chunk files of a storage node
   *     whose disk this host sees (same host: the local platform, or a worker beside a storage node), checking
   *     every block's CRC32C and the replica's version as the node does and reading through the node whenever
   *     that fails; off, every split is read through the storage nodes' Read call
   */
  public record Engine(
      @DefaultValue("32MB") DataSize sortBuffer,
      @DefaultValue("5") int parallelFetches,
      @DefaultValue("64") int mergeFactor,
      @DefaultValue("32MB") DataSize shuffleMemory,
      @DefaultValue("true") boolean shortCircuitReads) {

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
      if (shuffleMemory.isNegative()) {
        throw new IllegalArgumentException(
            "gristmill.worker.engine.shuffle-memory must not be negative, got " + shuffleMemory.toBytes() + " bytes");
      }
    }
  }
}
