package io.gristmill.bench.driver;

import io.gristmill.local.client.GatewayClient;
import io.gristmill.local.platform.AdminToken;
import io.gristmill.local.platform.ClusterFile;
import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.ServiceJars;
import io.gristmill.local.platform.StateDir;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The platform under test: the one running from the state directory (its cluster.json), or a local platform
 * started for the benchmark with production-like settings and stopped at the end.
 */
final class PlatformSession implements AutoCloseable {

  /** Production-like: one worker process with one slot per core, the default chunk size, replication 3. */
  static final int STORAGE_NODES = 3;
  static final int WORKERS = 1;

  /** A process of the platform as cluster.json lists it. */
  record ServiceProcess(String name, String role, long pid, Path log) {}

  private final LocalPlatform started;
  private final GatewayClient gateway;
  private final StateDir stateDir;
  private final Duration startTime;

  private PlatformSession(LocalPlatform started, GatewayClient gateway, StateDir stateDir, Duration startTime) {
    this.started = started;
    this.gateway = gateway;
    this.stateDir = stateDir;
    this.startTime = startTime;
  }

  static PlatformSession open(Path stateDirPath, PrintStream log) {
    StateDir stateDir = new StateDir(stateDirPath);
    Optional<ClusterFile.Snapshot> running = ClusterFile.readLive(stateDir.clusterFile())
        .filter(s -> "ready".equals(s.state()));
    if (running.isPresent()) {
      log.println("Using the platform running at " + running.get().gatewayUrl() + " (its own settings apply)");
      String token = AdminToken.loadOrCreate(running.get().tokenFile()).value();
      return new PlatformSession(null, new GatewayClient(running.get().gatewayUrl(), token), stateDir, null);
    }
    PlatformOptions options = new PlatformOptions(STORAGE_NODES, WORKERS, PlatformOptions.defaultSlots(),
        PlatformOptions.DEFAULT_CHUNK_SIZE, 0, stateDir.root());
    long t0 = System.nanoTime();
    LocalPlatform platform = LocalPlatform.start(options, ServiceJars.fromEnvironment(), log);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new PlatformSession(platform, new GatewayClient(platform.gatewayUrl(), platform.token().value()),
        stateDir, took);
  }

  GatewayClient gateway() {
    return gateway;
  }

  boolean startedHere() {
    return started != null;
  }

  /** How long the whole platform took to become ready; null for a platform that was already running. */
  Duration startTime() {
    return startTime;
  }

  List<ServiceProcess> processes() {
    ClusterFile.Snapshot snapshot = ClusterFile.readLive(stateDir.clusterFile())
        .orElseThrow(() -> new IllegalStateException("the platform's cluster.json is gone"));
    List<ServiceProcess> result = new ArrayList<>();
    for (JsonNode p : snapshot.raw().path("processes")) {
      String logFile = p.path("log").asText("");
      result.add(new ServiceProcess(p.path("name").asText(), p.path("role").asText(), p.path("pid").asLong(),
          logFile.isEmpty() ? null : Path.of(logFile)));
    }
    return result;
  }

  @Override
  public void close() {
    if (started != null) {
      started.close();
    }
  }
}
