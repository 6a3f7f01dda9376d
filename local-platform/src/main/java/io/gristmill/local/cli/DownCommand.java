package io.gristmill.local.cli;

import io.gristmill.local.platform.ClusterFile;
import io.gristmill.local.platform.LeftoverProcesses;
import io.gristmill.local.platform.StateDir;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code down}: stops a detached platform by signalling its supervisor, which stops every process in order. */
final class DownCommand {

  private final Arguments arguments;
  private final PrintStream out;

  DownCommand(Arguments arguments, PrintStream out) {
    this.arguments = arguments;
    this.out = out;
  }

  int run() throws Exception {
    StateDir stateDir = new StateDir(arguments.platform().stateDir());
    Optional<ClusterFile.Snapshot> running = ClusterFile.readLive(stateDir.clusterFile());
    if (running.isEmpty()) {
      List<String> leftovers = LeftoverProcesses.stop(stateDir, LeftoverProcesses.GRACE);
      if (leftovers.isEmpty()) {
        out.println("No platform is running from " + stateDir.root() + ".");
      } else {
        out.println("The launcher of " + stateDir.root() + " had died; stopped what it left running: "
            + String.join(", ", leftovers) + ".");
      }
      return 0;
    }
    ProcessHandle supervisor = ProcessHandle.of(running.get().supervisorPid()).orElseThrow();
    out.println("Stopping Gristmill (supervisor pid " + supervisor.pid() + ")...");
    supervisor.destroy();
    supervisor.onExit().get(2, TimeUnit.MINUTES);
    out.println("Stopped.");
    return 0;
  }
}
