package io.gristmill.bench.driver;

import io.gristmill.local.client.GatewayClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Submits a word-count job and follows it to its end, timing submission to SUCCEEDED on the client's clock. */
final class JobRunner {

  private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
  private static final Duration TIMEOUT = Duration.ofHours(1);
  /** Longest hold of one waiting GET; the gateway allows 60 s. */
  private static final int WAIT_SECONDS = 30;

  private final GatewayClient gateway;

  JobRunner(GatewayClient gateway) {
    this.gateway = gateway;
  }

  /** A finished job: its id, tasks run (map + reduce) and the time from submission to SUCCEEDED. */
  record Finished(String id, int tasks, Duration elapsed) {}

  /**
   * Runs a job to SUCCEEDED. Learns the end through the gateway's waiting GET, which answers the moment the job
   * ends: no polling interval blurs the time, and no stream of polls loads the platform while it runs the job.
   * Throws if the job does not succeed.
   */
  Finished run(List<String> inputs, int reducers) throws Exception {
    return follow(inputs, reducers, id -> gateway.awaitEnd(id, WAIT_SECONDS), Duration.ZERO);
  }

  /**
   * As {@link #run}, but reads the job every {@code poll} as a client without the waiting GET does: the timing
   * of every earlier round, reported next to the waited one so the two can be compared.
   */
  Finished runPolling(List<String> inputs, int reducers, Duration poll) throws Exception {
    return follow(inputs, reducers, gateway::job, poll);
  }

  private interface JobRead {
    JsonNode of(String id) throws Exception;
  }

  private Finished follow(List<String> inputs, int reducers, JobRead read, Duration pause) throws Exception {
    long t0 = System.nanoTime();
    String id = gateway.submit("wordcount", inputs, reducers).path("id").asText();
    long deadline = t0 + TIMEOUT.toNanos();
    while (true) {
      JsonNode job = read.of(id);
      String status = job.path("status").asText();
      if (FINAL.contains(status)) {
        long t1 = System.nanoTime();
        if (!"SUCCEEDED".equals(status)) {
          throw new IllegalStateException("job " + id + " ended " + status + ": " + job.path("error").asText(""));
        }
        int tasks = job.path("progress").path("map").path("total").asInt()
            + job.path("progress").path("reduce").path("total").asInt();
        return new Finished(id, tasks, Duration.ofNanos(t1 - t0));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + id + " still " + status + " after " + TIMEOUT);
      }
      if (!pause.isZero()) {
        Thread.sleep(pause.toMillis()); // how a client without the waiting GET learns the end of a job
      }
    }
  }
}
