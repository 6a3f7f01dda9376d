package io.gristmill.local.cli;

import io.gristmill.local.platform.ClusterFile;
import io.gristmill.local.platform.StateDir;
import java.io.PrintStream;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** {@code status}: one line per process of a running platform, from cluster.json. */
final class StatusCommand {

  private final Arguments arguments;
  private final PrintStream out;

  StatusCommand(Arguments arguments, PrintStream out) {
    this.arguments = arguments;
    this.out = out;
  }

  int run() {
    StateDir stateDir = new StateDir(arguments.platform().stateDir());
    Optional<ClusterFile.Snapshot> running = ClusterFile.readLive(stateDir.clusterFile());
    if (running.isEmpty()) {
      out.println("No platform is running from " + stateDir.root() + ".");
      return 1;
    }
    out.println("Gristmill " + running.get().state() + " at " + running.get().gatewayUrl() + "/api/v1");
    out.printf("%-14s %-12s %8s %6s %6s %s%n", "NAME", "ROLE", "PID", "HTTP", "GRPC", "STATE");
    for (JsonNode p : running.get().raw().path("processes")) {
      out.printf("%-14s %-12s %8d %6s %6s %s%n", p.path("name").asText(), p.path("role").asText(),
          p.path("pid").asLong(), p.path("httpPort").asText(p.path("port").asText("")),
          p.path("grpcPort").asText("-"),
          p.path("frozen").asBoolean() ? "frozen" : p.path("alive").asBoolean() ? "alive" : "down");
    }
    return 0;
  }
}
