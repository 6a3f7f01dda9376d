package io.gristmill.local.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a platform left running when its launcher died without stopping them (SIGKILL, a crash, the
 * machine's OOM killer). {@link ParentDeathSignal} takes the services down with the launcher where it can, but
 * PostgreSQL detaches from it at start, and a platform started without {@code setpriv} leaves everything behind.
 * Left alone they hold the state directory: PostgreSQL refuses a second server on its data, and a second storage
 * node would write into the first one's chunks.
 *
 * <p>A recorded pid counts only while one of its arguments still names this state directory (PostgreSQL's data
 * directory, the services' {@code -Dgristmill.local.state-dir}): after a reboot the pid may belong to anything.
 */
public final class LeftoverProcesses {

  /** How long a leftover may take over SIGTERM before it is killed; a service stops in a few seconds. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  private LeftoverProcesses() {}

  /**
   * Stops what the platform of {@code stateDir} left running, services first and PostgreSQL last, and forgets its
   * cluster.json; does nothing while a live launcher supervises that platform. Returns the names of what it
   * stopped.
   */
  public static List<String> stop(StateDir stateDir, Duration grace) {
    if (ClusterFile.readLive(stateDir.clusterFile()).isPresent()) {
      return List.of();
    }
    List<ClusterFile.Recorded> recorded = ClusterFile.recorded(stateDir.clusterFile());
    List<String> stopped = new ArrayList<>();
    List<ClusterFile.Recorded> services = recorded.stream()
        .filter(r -> !r.role().equals(Role.DATABASE.wireName())).toList();
    List<ClusterFile.Recorded> database = recorded.stream()
        .filter(r -> r.role().equals(Role.DATABASE.wireName())).toList();
    // PostgreSQL's SIGTERM waits for its sessions to end, which happens when the services holding them are gone.
    stopped.addAll(stopAll(services, stateDir, grace));
    stopped.addAll(stopAll(database, stateDir, grace));
    ClusterFile.delete(stateDir.clusterFile());
    return stopped;
  }

  private static List<String> stopAll(List<ClusterFile.Recorded> recorded, StateDir stateDir, Duration grace) {
    List<ClusterFile.Recorded> owned = new ArrayList<>();
    List<ProcessHandle> handles = new ArrayList<>();
    for (ClusterFile.Recorded r : recorded) {
      ownedProcess(r, stateDir).ifPresent(h -> {
        owned.add(r);
        handles.add(h);
      });
    }
    handles.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : handles) {
      awaitExit(h, grace);
    }
    return owned.stream().map(ClusterFile.Recorded::name).toList();
  }

  /** The live process behind {@code r}, if its command line shows it belongs to this state directory. */
  static Optional<ProcessHandle> ownedProcess(ClusterFile.Recorded r, StateDir stateDir) {
    if (r.pid() <= 0) {
      return Optional.empty();
    }
    String marker = r.role().equals(Role.DATABASE.wireName())
        ? stateDir.postgres().toString()
        : ProcessPlan.stateDirProperty(stateDir);
    return ProcessHandle.of(r.pid())
        .filter(ProcessHandle::isAlive)
        .filter(h -> arguments(h).contains(marker));
  }

  /**
   * The process's arguments. On Linux from /proc: the JDK's {@link ProcessHandle.Info#arguments} gives none for a
   * command line longer than a page, which a service's is.
   */
  private static List<String> arguments(ProcessHandle h) {
    Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
      } catch (IOException e) {
        // Exited meanwhile: nothing to stop.
        return List.of();
      }
    }
    return h.info().arguments().map(List::of).orElse(List.of());
  }

  private static void awaitExit(ProcessHandle h, Duration grace) {
    try {
      h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      h.destroyForcibly();
      h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping pid " + h.pid(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot wait for pid " + h.pid(), e);
    }
  }
}
