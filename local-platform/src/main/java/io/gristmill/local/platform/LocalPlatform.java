package io.gristmill.local.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The whole platform on one machine, each service a separate OS process on loopback ports, supervised the way
 * Kubernetes would: a process that dies is started again with backoff, and cluster.json stays current.
 */
public final class LocalPlatform implements AutoCloseable {

  /** How long a process may take to become ready; generous, since seven JVMs start at once on two cores. */
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  /** A retired worker's drain: longer than the worker's own drain timeout (30 s by default), then SIGKILL. */
  private static final Duration RETIRE_GRACE = Duration.ofSeconds(45);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** A process that ran at least this long before dying is restarted without backoff. */
  private static final Duration STABLE_RUN = Duration.ofMinutes(1);

  private final PlatformOptions options;
  private final StateDir stateDir;
  private final AdminToken token;
  private final EmbeddedDatabase database;
  /** Changes while the platform runs: workers are added and retired. */
  private final List<ManagedProcess> processes;
  private final ProcessPlan plan;
  private final String gatewayUrl;
  private final PrintStream log;
  private final ScheduledExecutorService supervisor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile String state = "starting";
  private volatile Autoscaler autoscaler;

  private LocalPlatform(PlatformOptions options, StateDir stateDir, AdminToken token, EmbeddedDatabase database,
      ProcessPlan plan, List<ManagedProcess> processes, String gatewayUrl, PrintStream log) {
    this.options = options;
    this.stateDir = stateDir;
    this.token = token;
    this.database = database;
    this.plan = plan;
    this.processes = new CopyOnWriteArrayList<>(processes);
    this.gatewayUrl = gatewayUrl;
    this.log = log;
    this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gristmill-supervisor");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts every process and returns once all of them answer ready; on failure stops what it started. */
  public static LocalPlatform start(PlatformOptions options, ServiceJars jars, PrintStream log) {
    StateDir stateDir = new StateDir(options.stateDir()).create();
    if (options.gatewayPort() != 0) {
      FreePorts.requireFree(options.gatewayPort(), "--port");
    }
    List<String> leftovers = LeftoverProcesses.stop(stateDir, LeftoverProcesses.GRACE);
    if (!leftovers.isEmpty()) {
      log.println("The earlier launcher of " + stateDir.root() + " had died; stopped what it left running: "
          + String.join(", ", leftovers) + ".");
    }
    AdminToken token = AdminToken.loadOrCreate(stateDir.token());
    log.println("Starting PostgreSQL (data in " + stateDir.postgres() + ")");
    EmbeddedDatabase database = EmbeddedDatabase.start(stateDir.postgres(), stateDir.log("postgres"));
    LocalPlatform platform = null;
    try {
      ProcessPlan plan = new ProcessPlan(options, stateDir, jars, database, token);
      List<ManagedProcess> processes = plan.processes();
      int gatewayPort = processes.stream().filter(p -> p.spec().role() == Role.GATEWAY).findFirst()
          .orElseThrow().spec().httpPort();
      platform = new LocalPlatform(options, stateDir, token, database, plan, processes,
          "http://127.0.0.1:" + gatewayPort, log);
      platform.startAll();
      if (options.autoscaling().enabled()) {
        platform.autoscaler = Autoscaler.start(platform, log);
      }
      return platform;
    } catch (RuntimeException e) {
      if (platform != null) {
        platform.close();
      } else {
        database.close();
      }
      throw e;
    }
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  public AdminToken token() {
    return token;
  }

  public Path tokenFile() {
    return stateDir.token();
  }

  public StateDir stateDir() {
    return stateDir;
  }

  public List<ManagedProcess> processes() {
    return List.copyOf(processes);
  }

  public PlatformOptions options() {
    return options;
  }

  /**
   * Kills process {@code name} with SIGKILL and keeps it down (the supervisor would restart it at once otherwise),
   * as a machine that crashed and stays away; {@link #resume} brings it back. For fault tests and drills.
   */
  public void kill(String name) {
    process(name).killAndHoldDown();
  }

  /** Starts a process {@link #kill killed} earlier with its old ports and data, and returns once it is ready. */
  public void resume(String name) {
    ManagedProcess p = process(name);
    p.resume();
    watch(p);
    writeClusterFile();
    awaitReady(List.of(p));
  }

  /**
   * Stops process {@code name} gracefully and starts it again, alone, with its old command line, ports and data,
   * and returns once it answers ready: an operator's rolling restart, and how the benchmark times one service's
   * start-up on an otherwise idle platform. Not counted as a restart in cluster.json (nothing died).
   *
   * @return the time from the new process's launch to its first ready answer
   */
  public Duration restart(String name) {
    ManagedProcess p = process(name);
    event("restarting " + name + " (pid " + p.pid() + ")");
    p.relaunch(STOP_GRACE);
    watch(p);
    writeClusterFile();
    awaitReady(List.of(p));
    Duration took = Duration.between(p.startedAt(), Instant.now());
    event(name + " restarted as pid " + p.pid() + ", ready after " + took.toMillis() + " ms");
    return took;
  }

  /**
   * SIGSTOPs process {@code name}: it keeps its ports but answers nothing, as a hung machine; the supervisor
   * leaves it alone. {@link #thaw} continues it. For fault tests.
   */
  public void freeze(String name) {
    process(name).freeze();
    event(name + " (pid " + process(name).pid() + ") frozen with SIGSTOP");
    writeClusterFile();
  }

  /** SIGCONTs a {@link #freeze frozen} process. */
  public void thaw(String name) {
    process(name).thaw();
    event(name + " (pid " + process(name).pid() + ") thawed with SIGCONT");
    writeClusterFile();
  }

  /** Starts one more worker and returns it once it answers ready. */
  public ManagedProcess addWorker() {
    return addWorkers(1).get(0);
  }

  /** Starts {@code count} more workers at once and returns them once all answer ready. */
  public List<ManagedProcess> addWorkers(int count) {
    List<ManagedProcess> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      added.add(plan.worker());
    }
    processes.addAll(added);
    launch(added);
    awaitReady(added);
    added.forEach(w -> event("added " + w.spec().name() + " (pid " + w.pid() + ")"));
    return added;
  }

  /**
   * Retires worker {@code name}: SIGTERM, so it stops taking tasks, finishes or hands back the ones it runs, tells
   * the job service it leaves and exits; SIGKILL if it takes longer than {@link #RETIRE_GRACE}. Returns once it
   * has exited and is gone from cluster.json.
   */
  public void retireWorker(String name) {
    ManagedProcess worker = process(name);
    if (worker.spec().role() != Role.WORKER) {
      throw new IllegalArgumentException(name + " is not a worker");
    }
    event("retiring " + name + " (pid " + worker.pid() + ")");
    worker.retire(RETIRE_GRACE);
    processes.remove(worker);
    event("retired " + name);
    writeClusterFile();
  }

  /** The workers now running or being restarted, in the order they were added. */
  public List<ManagedProcess> workers() {
    return byRole(Role.WORKER).stream().filter(p -> !p.retired()).toList();
  }

  public ManagedProcess process(String name) {
    return processes.stream().filter(p -> p.spec().name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no process named '" + name + "'"));
  }

  /** Blocks until {@link #close()} has run (for example from the Ctrl-C hook). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  private void startAll() {
    // Storage first: the job service and the gateway need it to answer; the rest may start together because
    // workers retry their registration until the job service is there.
    List<ManagedProcess> storage = byRole(Role.STORAGE);
    List<ManagedProcess> rest = processes.stream().filter(p -> p.spec().role() != Role.STORAGE).toList();
    launch(storage);
    awaitReady(storage);
    launch(rest);
    awaitReady(rest);
    state = "ready";
    writeClusterFile();
  }

  private void launch(List<ManagedProcess> group) {
    for (ManagedProcess p : group) {
      log.println("Starting " + p.spec().name() + " (log " + p.logFile() + ")");
      p.start();
      watch(p);
    }
    writeClusterFile();
  }

  private void awaitReady(List<ManagedProcess> group) {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    List<ManagedProcess> waiting = new ArrayList<>(group);
    while (!waiting.isEmpty()) {
      waiting.removeIf(ManagedProcess::isReady);
      for (ManagedProcess p : waiting) {
        if (p.restarts() >= 3) {
          throw new IllegalStateException(p.spec().name() + " keeps dying on start; last lines of "
              + p.logFile() + ":\n" + p.logTail(40));
        }
      }
      if (Instant.now().isAfter(deadline)) {
        String names = waiting.stream().map(p -> p.spec().name()).collect(Collectors.joining(", "));
        throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: " + names
            + "; last lines of " + waiting.get(0).logFile() + ":\n" + waiting.get(0).logTail(40));
      }
      if (!waiting.isEmpty()) {
        pause(Duration.ofMillis(200));
      }
    }
  }

  private void watch(ManagedProcess p) {
    Process process = p.process();
    process.onExit().thenRun(() -> {
      if (stopping) {
        return;
      }
      if (p.retired()) {
        return;
      }
      if (p.relaunching() || p.process() != process) {
        // A planned restart (or a resume) replaces this process: its exit was expected.
        return;
      }
      if (p.heldDown()) {
        event(p.spec().name() + " (pid " + process.pid() + ") was killed and is held down");
        writeClusterFile();
        return;
      }
      boolean stable = Duration.between(p.startedAt(), Instant.now()).compareTo(STABLE_RUN) >= 0;
      Duration delay = stable ? Duration.ZERO : backoff(p.restarts());
      event(p.spec().name() + " (pid " + process.pid() + ") exited with code " + process.exitValue()
          + "; restarting in " + delay.toMillis() + " ms");
      writeClusterFile();
      supervisor.schedule(() -> restart(p), delay.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  private void restart(ManagedProcess p) {
    if (stopping || p.retired()) {
      return;
    }
    try {
      p.restart();
      event(p.spec().name() + " restarted as pid " + p.pid());
      watch(p);
    } catch (RuntimeException e) {
      event("could not restart " + p.spec().name() + ": " + e.getMessage());
      supervisor.schedule(() -> restart(p), MAX_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
    }
    writeClusterFile();
  }

  /** Supervision events go to the console and to logs/supervisor.log, which outlives a detached console. */
  void event(String message) {
    String line = Instant.now() + " " + message;
    log.println(line);
    try {
      Files.writeString(stateDir.log("supervisor"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.println("cannot write " + stateDir.log("supervisor") + ": " + e.getMessage());
    }
  }

  static Duration backoff(int restartsSoFar) {
    long millis = 500L << Math.min(restartsSoFar, 10);
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }

  private synchronized void writeClusterFile() {
    if (stopping && !"stopping".equals(state)) {
      return;
    }
    ClusterFile.write(stateDir.clusterFile(), state, gatewayUrl, stateDir.token(), database.port(),
        stateDir.postgres(), processes);
  }

  private List<ManagedProcess> byRole(Role role) {
    return processes.stream().filter(p -> p.spec().role() == role).toList();
  }

  /** Stops the gateway and workers first so no new work arrives, then the job service, storage, PostgreSQL. */
  @Override
  public void close() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      state = "stopping";
      writeClusterFile();
      stopping = true;
    }
    try {
      if (autoscaler != null) {
        autoscaler.close();
      }
      supervisor.shutdownNow();
      stopAll(byRole(Role.GATEWAY));
      stopAll(byRole(Role.WORKER));
      stopAll(byRole(Role.JOB_SERVICE));
      stopAll(byRole(Role.STORAGE));
      database.close();
      ClusterFile.delete(stateDir.clusterFile());
      log.println("Gristmill stopped.");
    } finally {
      closed.countDown();
    }
  }

  private static void stopAll(List<ManagedProcess> group) {
    group.parallelStream().forEach(p -> p.stop(STOP_GRACE));
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the platform", e);
    }
  }
}
