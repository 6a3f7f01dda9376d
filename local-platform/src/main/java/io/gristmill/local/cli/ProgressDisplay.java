package io.gristmill.local.cli;

import io.gristmill.local.client.GatewayClient;
import java.io.PrintStream;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Follows a job until it ends: a redrawn progress bar on a terminal, a line per change otherwise. */
final class ProgressDisplay {

  private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
  private static final int WIDTH = 30;
  private static final long POLL_MILLIS = 200;

  private final PrintStream err;
  private final boolean terminal;

  ProgressDisplay(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  JsonNode follow(GatewayClient gateway, String jobId) throws Exception {
    String last = "";
    while (true) {
      JsonNode job = gateway.job(jobId);
      String line = render(job);
      if (terminal) {
        err.print("\r" + line);
      } else if (!line.equals(last)) {
        err.println(line);
      }
      last = line;
      if (FINAL.contains(job.path("status").asText())) {
        if (terminal) {
          err.println();
        }
        return job;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  static String render(JsonNode job) {
    JsonNode map = job.path("progress").path("map");
    JsonNode reduce = job.path("progress").path("reduce");
    int total = map.path("total").asInt() + reduce.path("total").asInt();
    int done = map.path("succeeded").asInt() + reduce.path("succeeded").asInt();
    int filled = total == 0 ? 0 : done * WIDTH / total;
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] map " + map.path("succeeded").asInt() + "/"
        + map.path("total").asInt() + "  reduce " + reduce.path("succeeded").asInt() + "/"
        + reduce.path("total").asInt() + "  " + job.path("status").asText();
  }
}
