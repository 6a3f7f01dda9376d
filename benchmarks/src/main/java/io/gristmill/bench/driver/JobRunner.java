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

  private final GatewayClient gateway;

  JobRunner(GatewayClient gateway) {
    this.gateway = gateway;
  }

  /** A finished job: its id, tasks run (map + reduce) and the time from submission to SUCCEEDED. */
  record Finished(String id, int tasks, Duration elapsed) {}

  /**
   * Runs a job to SUCCEEDED. Polls every {@code poll}: the benchmark's timing resolution, chosen per job so that
   * polling neither blurs a tiny job nor loads the gateway during a long one. Throws if the job does not succeed.
   */
  Finished run(List<String> inputs, int reducers, Duration poll) throws Exception {
    long t0 = System.nanoTime();
    String id = gateway.submit("wordcount", inputs, reducers).path("id").asText();
    long deadline = t0 + TIMEOUT.toNanos();
    while (true) {
      JsonNode job = gateway.job(id);
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
      Thread.sleep(poll.toMillis()); // polling is how a REST client learns the end of a job
    }
  }
}
