package io.gristmill.local.platform;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts the platform's processes so that they die with the launcher, even when the launcher is killed with
 * SIGKILL and runs no shutdown hook. Orphaned, they would keep the ports, the data directories and PostgreSQL's
 * connections of a platform that nobody supervises, and the next {@code up} would start a second storage node on
 * the same data.
 *
 * <p>On Linux each command runs under {@code setpriv --pdeathsig KILL}, which asks the kernel to SIGKILL the
 * process when its parent dies, and then executes the service in place (same pid). The kernel's "parent" is the
 * thread that forked, not the JVM: a process started from a pool thread that later ends would be killed with it.
 * Every start therefore goes through one thread that lives as long as the launcher. Without {@code setpriv} (not
 * Linux, or a util-linux older than 2.33) processes start as before, and {@link LeftoverProcesses} stops them at
 * the next {@code up} or {@code down}.
 */
final class ParentDeathSignal {

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final List<String> PREFIX = detectPrefix();
  private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "gristmill-spawner");
    t.setDaemon(true);
    return t;
  });

  private ParentDeathSignal() {}

  /** True if started processes die with this JVM. */
  static boolean supported() {
    return !PREFIX.isEmpty();
  }

  /** Starts {@code builder}'s command from the long-lived spawner thread, under {@code setpriv} where it exists. */
  static Process start(ProcessBuilder builder) throws IOException {
    if (supported()) {
      List<String> command = new ArrayList<>(PREFIX);
      command.addAll(builder.command());
      builder.command(command);
    }
    try {
      return SPAWNER.submit(builder::start).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while starting " + builder.command());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("cannot start " + builder.command(), e.getCause());
    }
  }

  private static List<String> detectPrefix() {
    if (!System.getProperty("os.name", "").startsWith("Linux") || !Files.isExecutable(SETPRIV)) {
      return List.of();
    }
    try {
      Process help = new ProcessBuilder(SETPRIV.toString(), "--help").redirectErrorStream(true).start();
      String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!help.waitFor(10, TimeUnit.SECONDS) || !text.contains("--pdeathsig")) {
        return List.of();
      }
      return List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--");
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
