package io.gristmill.local.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to run the local platform.
 *
 * @param storageNodes storage-service processes, each a node with its own data directory
 * @param workers worker processes
 * @param workerSlots tasks each worker runs at once
 * @param chunkSize default chunk size of the blob store, in bytes
 * @param gatewayPort HTTP port of the REST API; 0 picks a free one
 * @param stateDir data, logs, the access token and cluster.json
 * @param workerSortBuffer each map task's in-memory sort buffer in bytes ({@code gristmill.worker.engine.sort-buffer});
 *     0 keeps the worker's default. Tests make it tiny so that maps spill and merge.
 * @param storageSettings extra {@code gristmill.storage.*} settings for every storage node, keyed without that
 *     prefix (for example {@code dead-nodes.timeout -> 3s}); they override the launcher's own. Empty by default,
 *     so the launcher runs the nodes with their production-like defaults; fault tests shorten the timeouts here.
 */
public record PlatformOptions(
    int storageNodes, int workers, int workerSlots, long chunkSize, int gatewayPort, Path stateDir,
    long workerSortBuffer, Map<String, String> storageSettings) {

  /** A relaxed-binding property name below {@code gristmill.storage}: lower case, dots and dashes. */
  private static final Pattern SETTING_KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

  public static final int DEFAULT_STORAGE_NODES = 3;
  public static final int DEFAULT_WORKERS = 2;
  public static final long DEFAULT_CHUNK_SIZE = 64L << 20;
  public static final int DEFAULT_GATEWAY_PORT = 8080;

  public PlatformOptions {
    if (storageNodes < 1 || storageNodes > 32) {
      throw new IllegalArgumentException("--storage-nodes must be between 1 and 32, was " + storageNodes);
    }
    if (workers < 1 || workers > 64) {
      throw new IllegalArgumentException("--workers must be between 1 and 64, was " + workers);
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
    stateDir = stateDir.toAbsolutePath().normalize();
    for (Map.Entry<String, String> setting : storageSettings.entrySet()) {
      if (!SETTING_KEY.matcher(setting.getKey()).matches()) {
        throw new IllegalArgumentException("storage setting '" + setting.getKey() + "' is not a property name below "
            + "gristmill.storage (lower case words joined by '.' or '-', e.g. dead-nodes.timeout)");
      }
    }
    storageSettings = Map.copyOf(storageSettings);
  }

  /** Options with the workers' default sort buffer and no extra storage settings. */
  public PlatformOptions(
      int storageNodes, int workers, int workerSlots, long chunkSize, int gatewayPort, Path stateDir) {
    this(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir, 0, Map.of());
  }

  /** Options with a worker sort buffer of {@code workerSortBuffer} bytes and no extra storage settings. */
  public PlatformOptions(int storageNodes, int workers, int workerSlots, long chunkSize, int gatewayPort,
      Path stateDir, long workerSortBuffer) {
    this(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir, workerSortBuffer, Map.of());
  }

  /** These options with {@code settings} passed to every storage node. */
  public PlatformOptions withStorageSettings(Map<String, String> settings) {
    return new PlatformOptions(storageNodes, workers, workerSlots, chunkSize, gatewayPort, stateDir,
        workerSortBuffer, settings);
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
