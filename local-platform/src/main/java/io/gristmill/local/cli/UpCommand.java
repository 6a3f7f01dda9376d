package io.gristmill.local.cli;

import io.gristmill.local.platform.ClusterFile;
import io.gristmill.local.platform.LeftoverProcesses;
import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.ServiceJars;
import io.gristmill.local.platform.StateDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code up}: runs the platform in the foreground, or with {@code --detach} as a background supervisor. */
final class UpCommand {

  private static final Duration DETACH_TIMEOUT = Duration.ofMinutes(5);

  private final Arguments arguments;
  private final PrintStream out;
  private final PrintStream err;

  UpCommand(Arguments arguments, PrintStream out, PrintStream err) {
    this.arguments = arguments;
    this.out = out;
    this.err = err;
  }

  int run() throws Exception {
    StateDir stateDir = new StateDir(arguments.platform().stateDir());
    Optional<ClusterFile.Snapshot> running = ClusterFile.readLive(stateDir.clusterFile());
    if (running.isPresent()) {
      err.println("gristmill: a platform is already running from " + stateDir.root() + " (supervisor pid "
          + running.get().supervisorPid() + ", " + running.get().gatewayUrl() + "); 'bin/gristmill down' stops it");
      return 1;
    }
    // Before a detached start forgets cluster.json, which is what names them.
    List<String> leftovers = LeftoverProcesses.stop(stateDir, LeftoverProcesses.GRACE);
    if (!leftovers.isEmpty()) {
      out.println("The earlier launcher of " + stateDir.root() + " had died; stopped what it left running: "
          + String.join(", ", leftovers) + ".");
    }
    return arguments.detach() ? detach(stateDir) : foreground();
  }

  private int foreground() throws InterruptedException {
    LocalPlatform platform = LocalPlatform.start(arguments.platform(), ServiceJars.fromEnvironment(), out);
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "gristmill-stop"));
    out.println();
    out.println("Gristmill is up.");
    out.println("  REST API:  " + platform.gatewayUrl() + "/api/v1");
    out.println("  Token:     " + platform.tokenFile() + "  (send it as 'Authorization: Bearer <token>')");
    out.println("  Processes: " + platform.stateDir().clusterFile());
    out.println("  Try:       curl -H \"Authorization: Bearer $(cat " + platform.tokenFile() + ")\" "
        + platform.gatewayUrl() + "/api/v1/jobs/<id>");
    out.println("Press Ctrl-C to stop.");
    platform.awaitClosed();
    return 0;
  }

  /** Starts this launcher again as a background process whose output goes to logs/launcher.log. */
  private int detach(StateDir stateDir) throws IOException, InterruptedException {
    stateDir.create();
    Path log = stateDir.log("launcher");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ServiceJars jars = ServiceJars.fromEnvironment();
    command.add("-Dgristmill.home=" + jars.home());
    String classPath = System.getProperty("java.class.path");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      // bin/gristmill runs the launcher as a Spring Boot executable jar, whose classes only its own loader finds.
      command.add("-jar");
      command.add(classPath);
    } else {
      command.add("-cp");
      command.add(classPath);
      command.add(Gristmill.class.getName());
    }
    command.add("up");
    command.addAll(arguments.platformArgs());
    command.add("--state-dir");
    command.add(stateDir.root().toString());
    Files.deleteIfExists(stateDir.clusterFile());
    Process child = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    out.println("Starting Gristmill in the background (supervisor pid " + child.pid() + ", log " + log + ")");
    Instant deadline = Instant.now().plus(DETACH_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!child.isAlive()) {
        err.println("gristmill: the platform did not start; see " + log);
        return 1;
      }
      Optional<ClusterFile.Snapshot> snapshot = ClusterFile.readLive(stateDir.clusterFile());
      if (snapshot.isPresent() && snapshot.get().supervisorPid() == child.pid()
          && "ready".equals(snapshot.get().state())) {
        out.println("Gristmill is up: " + snapshot.get().gatewayUrl() + "/api/v1, token in "
            + snapshot.get().tokenFile() + ". 'bin/gristmill down' stops it.");
        return 0;
      }
      Thread.sleep(250);
    }
    child.destroy();
    err.println("gristmill: not ready after " + DETACH_TIMEOUT.toMinutes() + " minutes; see " + log);
    return 1;
  }
}
