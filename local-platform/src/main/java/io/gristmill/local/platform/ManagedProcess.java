package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An OS process of the platform: started from its {@link ProcessSpec}, output appended to its log file. */
public final class ManagedProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ProcessSpec spec;
  private final Path logFile;
  private volatile Process process;
  private volatile Instant startedAt;
  private volatile int restarts;
  private volatile boolean heldDown;
  private volatile boolean retired;
  private volatile boolean frozen;
  private volatile boolean relaunching;

  ManagedProcess(ProcessSpec spec, Path logFile) {
    this.spec = spec;
    this.logFile = logFile;
  }

  public ProcessSpec spec() {
    return spec;
  }

  public Path logFile() {
    return logFile;
  }

  public int restarts() {
    return restarts;
  }

  Instant startedAt() {
    return startedAt;
  }

  /** The live OS process; null before the first start. */
  public Process process() {
    return process;
  }

  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  synchronized void start() {
    try {
      Files.createDirectories(logFile.getParent());
      if (spec.dataDir() != null) {
        Files.createDirectories(spec.dataDir());
      }
      ProcessBuilder builder = new ProcessBuilder(spec.command())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(spec.environment());
      process = ParentDeathSignal.start(builder);
      startedAt = Instant.now();
      frozen = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    }
  }

  /** Killed on purpose and to stay down: the supervisor does not restart it. */
  boolean heldDown() {
    return heldDown;
  }

  /** Stopped for good (a worker scaled in): the supervisor does not restart it. */
  boolean retired() {
    return retired;
  }

  /** Stopped with SIGSTOP and not continued yet. */
  public boolean isFrozen() {
    return frozen;
  }

  /**
   * SIGSTOP: the process stays, holding its ports and memory, but runs no instruction, as a machine that hangs (or
   * a long GC pause) would. {@link Process} has no signal API, so this runs {@code kill -STOP}.
   */
  synchronized void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** SIGCONT: a {@link #freeze frozen} process carries on where it stopped. */
  synchronized void thaw() {
    signal("CONT");
    frozen = false;
  }

  private void signal(String name) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException(spec.name() + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed: " + output.trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + spec.name(), e);
    }
  }

  /**
   * Stops the process for good: SIGTERM, so a worker drains (finishes or hands back its attempts and leaves),
   * then SIGKILL after {@code grace}. Returns once it has exited.
   */
  void retire(Duration grace) {
    retired = true;
    if (frozen) {
      thaw();
    }
    stop(grace);
  }

  /** SIGKILL, no grace, as a crashed machine; returns once the process is gone. Stays down until {@link #resume}. */
  synchronized void killAndHoldDown() {
    heldDown = true;
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + spec.name(), e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(spec.name() + " (pid " + p.pid() + ") did not die after SIGKILL", e);
    }
  }

  /**
   * Stops the process gracefully (SIGTERM, SIGKILL after {@code grace}) and starts it again with its old command
   * line, ports and data. Not a restart after a death: {@link #restarts} stays. The supervisor leaves the old
   * process's exit alone while {@link #relaunching} is set, which stays so until the new process has replaced it.
   */
  synchronized void relaunch(Duration grace) {
    relaunching = true;
    try {
      stop(grace);
      start();
    } finally {
      relaunching = false;
    }
  }

  /** True while {@link #relaunch} replaces the process: its exit is expected. */
  boolean relaunching() {
    return relaunching;
  }

  /** Starts a held-down process again with its old command line, ports and data directory. */
  synchronized void resume() {
    if (!heldDown) {
      throw new IllegalStateException(spec.name() + " is not held down");
    }
    heldDown = false;
    start();
  }

  synchronized void restart() {
    restarts++;
    start();
  }

  /** True once the process answers its readiness probe with 200. */
  boolean isReady() {
    if (!isAlive()) {
      return false;
    }
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + spec.httpPort() + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(2))
        .GET()
        .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Asks the process to stop (SIGTERM, so Spring shuts down gracefully), then kills it after {@code grace}. */
  void stop(Duration grace) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    if (frozen) {
      // A stopped process would not act on SIGTERM until continued.
      thaw();
    }
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the log, to show why a process did not come up. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
