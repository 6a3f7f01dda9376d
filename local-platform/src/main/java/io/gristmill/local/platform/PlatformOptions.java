package io.gristmill.local.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to run the local platform.
 *
 * @param storageNodes storage-service processes, each a node with its own data directory
 * @param workers worker processes at start; the autoscaler moves the number between its bounds
 * @param workerSlots tasks each worker runs at once
 * @param chunkSize default chunk size of the blob store, in bytes
 * @param gatewayPort HTTP port of the REST API; 0 picks a free one
 * @param stateDir data, logs, the access token and cluster.json
 * @param workerSortBuffer each map task's in-memory sort buffer in bytes ({@code gristmill.worker.engine.sort-buffer});
 *     0 keeps the worker's default. Tests make it tiny so that maps spill and merge.
 * @param storageSettings extra {@code gristmill.storage.*} settings for every storage node, keyed without that
 *     prefix (for example {@code dead-nodes.timeout -> 3s}); they override the launcher's own. Empty by default,
 *     so the launcher runs the nodes with their production-like defaults; fault tests shorten the timeouts here.
 * @param jobSettings extra {@code gristmill.jobs.*} settings for the job service, keyed the same way (for example
 *     a short lease and heartbeat interval in fault tests)
 * @param workerSettings extra {@code gristmill.worker.*} settings for every worker, keyed the same way
 * @param autoscaling bounds and cool-down of the worker autoscaler; off (both bounds equal to {@code workers}) by
 *     default
 * @param workerHeap each worker's maximum heap ({@code -Xmx}) in bytes, whole mebibytes; the benchmark runs its
 *     workers with 256 MiB, as the performance issue asks, so that a word count that completes shows they fit
 */
public record PlatformOptions(
    int storageNodes, int workers, int workerSlots, long chunkSize, int gatewayPort, Path stateDir,
    long workerSortBuffer, Map<String, String> storageSettings, Map<String, String> jobSettings,
    Map<String, String> workerSettings, Autoscaling autoscaling, long workerHeap) {

  /** A relaxed-binding property name below {@code gristmill.storage}: lower case, dots and dashes. */
  private static final Pattern SETTING_KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

  public static final int DEFAULT_STORAGE_NODES = 3;
  public static final int DEFAULT_WORKERS = 2;
  public static final long DEFAULT_CHUNK_SIZE = 64L << 20;
  public static final int DEFAULT_GATEWAY_PORT = 8080;
  public static final int MAX_WORKERS = 64;
  public static final Duration DEFAULT_SCALE_COOLDOWN = Duration.ofSeconds(30);
  public static final long DEFAULT_WORKER_HEAP = 1L << 30;
  /** Below this a worker cannot hold its Spring context, let alone a map's sort buffer. */
  public static final long MIN_WORKER_HEAP = 64L << 20;

  /**
   * Where the autoscaler keeps the number of workers: it starts workers at once when the backlog needs them and
   * retires idle ones after {@code cooldown} without backlog. Off when both bounds are equal.
   *
   * @param minWorkers fewest workers, at least 1
   * @param maxWorkers most workers, at most {@value #MAX_WORKERS}
   * @param cooldown how long the platform must have had no backlog before workers are retired
   */
  public record Autoscaling(int minWorkers, int maxWorkers, Duration cooldown) {

    public Autoscaling {
      if (minWorkers < 1 || minWorkers > MAX_WORKERS) {
        throw new IllegalArgumentException("--min-workers must be between 1 and " + MAX_WORKERS + ", was "
            + minWorkers);
      }
      if (maxWorkers < minWorkers || maxWorkers > MAX_WORKERS) {
        throw new IllegalArgumentException("--max-workers must be between --min-workers (" + minWorkers + ") and "
            + MAX_WORKERS + ", was " + maxWorkers);
      }
      if (cooldown.isNegative() || cooldown.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("--scale-cooldown must be between 0s and 1d, was " + cooldown);
      }
    }

    /** A fixed number of workers. */
    public static Autoscaling off(int workers) {
      return new Autoscaling(workers, workers, DEFAULT_SCALE_COOLDOWN);
    }

    public boolean enabled() {
      return minWorkers != maxWorkers;
    }
  }

  public PlatformOptions {
    if (storageNodes < 1 || storageNodes > 32) {
      throw new IllegalArgumentException("--storage-nodes must be between 1 and 32, was " + storageNodes);
    }
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException("--workers must be between 1 and " + MAX_WORKERS + ", was " + workers);
    }
    if (workers < autoscaling.minWorkers() || workers > autoscaling.maxWorkers()) {
      throw new IllegalArgumentException("--workers (" + workers + ") must be between --min-workers ("
          + autoscaling.minWorkers() + ") and --max-workers (" + autoscaling.maxWorkers() + ")");
    }
    if (workerSlots < 1 || workerSlots > 256) {
      throw new IllegalArgumentException("--worker-slots must be between 1 and 256, was " + workerSlots);
    }
    if (chunkSize < 4096 || chunkSize > (1L << 30)) {
      throw new IllegalArgumentException("--chunk-size must be between 4KiB and 1GiB, was " + chunkSize + " bytes");
    }
    if (gatewayPort < 0 || gatewayPort > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, was " + gatewayPort);
    }
    if (workerSortBuffer != 0 && workerSortBuffer < 1024) {
      throw new IllegalArgumentException("the worker sort buffer must be 0 (default) or at least 1KiB, was "
          + workerSortBuffer + " bytes");
    }
    if (workerHeap < MIN_WORKER_HEAP || workerHeap % (1 << 20) != 0) {
      throw new IllegalArgumentException("--worker-heap must be whole MiB and at least 64MiB, was " + workerHeap
          + " bytes");
    }
    stateDir = stateDir.toAbsolutePath().normalize();
    storageSettings = settings("storage", "gristmill.storage", storageSettings);
    jobSettings = settings("job", "gristmill.jobs", jobSettings);
    workerSettings = settings("worker", "gristmill.worker", workerSettings);
  }

  private static Map<String, String> settings(String kind, String prefix, Map<String, String> settings) {
    for (String key : settings.keySet()) {
      if (!SETTING_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(kind + " setting '" + key + "' is not a property name below " + prefix
            + " (lower case words joined by '.' or '-', e.g. dead-nodes.timeout)");
      }
    }
    return Map.copyOf(settings);
  }

  /** Options with the workers' default sort buffer and no extra storage settings. */
  public PlatformOptions(
      int storageNodes, int workers, int workerSlots, long chunkSize, int gatewayPort, Path stateDir) {
    this(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir, 0);
  }

  /** Options with a worker sort buffer of {@code workerSortBuffer} bytes and no extra storage settings. */
  public PlatformOptions(int storageNodes, int workers, int workerSlots, long chunkSize, int gatewayPort,
      Path stateDir, long workerSortBuffer) {
    this(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir, workerSortBuffer, Map.of(), Map.of(),
        Map.of(), Autoscaling.off(workers), DEFAULT_WORKER_HEAP);
  }

  /** These options with {@code settings} passed to every storage node. */
  public PlatformOptions withStorageSettings(Map<String, String> settings) {
    return new PlatformOptions(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir,
        workerSortBuffer, settings, jobSettings, workerSettings, autoscaling, workerHeap);
  }

  /** These options with {@code settings} passed to the job service (e.g. {@code heartbeat-interval -> 1s}). */
  public PlatformOptions withJobSettings(Map<String, String> settings) {
    return new PlatformOptions(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir,
        workerSortBuffer, storageSettings, settings, workerSettings, autoscaling, workerHeap);
  }

  /** These options with {@code settings} passed to every worker. */
  public PlatformOptions withWorkerSettings(Map<String, String> settings) {
    return new PlatformOptions(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir,
        workerSortBuffer, storageSettings, jobSettings, settings, autoscaling, workerHeap);
  }

  /** These options with the autoscaler keeping between {@code min} and {@code max} workers. */
  public PlatformOptions withAutoscaling(Autoscaling scaling) {
    return new PlatformOptions(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir,
        workerSortBuffer, storageSettings, jobSettings, workerSettings, scaling, workerHeap);
  }

  /** These options with every worker's heap capped at {@code bytes} (whole MiB). */
  public PlatformOptions withWorkerHeap(long bytes) {
    return new PlatformOptions(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir,
        workerSortBuffer, storageSettings, jobSettings, workerSettings, autoscaling, bytes);
  }

  public static PlatformOptions defaults(Path stateDir) {
    return new PlatformOptions(DEFAULT_STORAGE_NODES, DEFAULT_WORKERS, defaultSlots(), DEFAULT_CHUNK_SIZE,
        DEFAULT_GATEWAY_PORT, stateDir);
  }

  /** One slot per core, as a production worker would run. */
  public static int defaultSlots() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
