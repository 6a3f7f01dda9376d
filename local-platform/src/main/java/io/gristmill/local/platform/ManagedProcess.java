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
      process = builder.start();
      startedAt = Instant.now();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    }
  }

  /** Killed on purpose and to stay down: the supervisor does not restart it. */
  boolean heldDown() {
    return heldDown;
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
