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
  /** The performance issue's bound: a worker with {@code -Xmx256m} runs the word count without running out of memory. */
  static final long WORKER_HEAP = 256L << 20;
  /** One process of each service is restarted alone to time its start-up; the others are copies of these. */
  private static final List<String> RESTARTED_ALONE = List.of("storage-1", "job-service", "worker-1", "gateway");

  /** A process of the platform as cluster.json lists it. */
  record ServiceProcess(String name, String role, long pid, Path log, int restarts) {}

  /**
   * Start-up of one service.
   *
   * @param name its process
   * @param together Spring Boot's own figure when it started with all the other processes at once, or null
   * @param launchToReady restarted alone on the idle platform: from the new process's launch to its first ready
   *     answer, as the launcher saw it
   * @param alone Spring Boot's own figure for that start alone, or null
   */
  record StartUp(String name, Double together, Duration launchToReady, Double alone) {}

  private final LocalPlatform started;
  private final GatewayClient gateway;
  private final StateDir stateDir;
  private final Duration startTime;
  private final List<StartUp> alone;

  private PlatformSession(LocalPlatform started, GatewayClient gateway, StateDir stateDir, Duration startTime,
      List<StartUp> alone) {
    this.started = started;
    this.gateway = gateway;
    this.stateDir = stateDir;
    this.startTime = startTime;
    this.alone = alone;
  }

  static PlatformSession open(Path stateDirPath, PrintStream log) {
    StateDir stateDir = new StateDir(stateDirPath);
    Optional<ClusterFile.Snapshot> running = ClusterFile.readLive(stateDir.clusterFile())
        .filter(s -> "ready".equals(s.state()));
    if (running.isPresent()) {
      log.println("Using the platform running at " + running.get().gatewayUrl() + " (its own settings apply)");
      String token = AdminToken.loadOrCreate(running.get().tokenFile()).value();
      return new PlatformSession(null, new GatewayClient(running.get().gatewayUrl(), token), stateDir, null,
          List.of());
    }
    PlatformOptions options = new PlatformOptions(STORAGE_NODES, WORKERS, PlatformOptions.defaultSlots(),
        PlatformOptions.DEFAULT_CHUNK_SIZE, 0, stateDir.root()).withWorkerHeap(WORKER_HEAP);
    long t0 = System.nanoTime();
    LocalPlatform platform = LocalPlatform.start(options, ServiceJars.fromEnvironment(), log);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    List<StartUp> alone;
    try {
      alone = restartEachAlone(platform, log);
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    return new PlatformSession(platform, new GatewayClient(platform.gatewayUrl(), platform.token().value()),
        stateDir, took, alone);
  }

  /**
   * All processes starting at once on a small machine measure their contention, not a service's start-up; so one
   * process of each service is restarted alone, one after another, on the otherwise idle platform.
   */
  private static List<StartUp> restartEachAlone(LocalPlatform platform, PrintStream log) {
    List<StartUp> result = new ArrayList<>();
    for (String name : RESTARTED_ALONE) {
      Path logFile = platform.process(name).logFile();
      Double together = StartupLog.lastStartSeconds(logFile);
      log.println("Restarting " + name + " alone to time its start-up...");
      Duration took = platform.restart(name);
      Double alone = StartupLog.lastStartSeconds(logFile);
      log.println("  " + name + ": ready " + took.toMillis() + " ms after its launch (Spring Boot: " + alone + " s)");
      result.add(new StartUp(name, together, took, alone));
    }
    return result;
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

  /** The services restarted alone after the platform started here; empty for a platform that was already running. */
  List<StartUp> startUps() {
    return alone;
  }

  List<ServiceProcess> processes() {
    ClusterFile.Snapshot snapshot = ClusterFile.readLive(stateDir.clusterFile())
        .orElseThrow(() -> new IllegalStateException("the platform's cluster.json is gone"));
    List<ServiceProcess> result = new ArrayList<>();
    for (JsonNode p : snapshot.raw().path("processes")) {
      String logFile = p.path("log").asText("");
      result.add(new ServiceProcess(p.path("name").asText(), p.path("role").asText(), p.path("pid").asLong(),
          logFile.isEmpty() ? null : Path.of(logFile), p.path("restarts").asInt()));
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
