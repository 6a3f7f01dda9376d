package io.gristmill.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the launcher and the autoscaler rely on: probes and the task gauges. */
class OperationsTest extends IntegrationTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  private int port;

  @Autowired
  private MeterRegistry meters;

  @Test
  void countsPendingAndRunningTasksOfActiveJobs() {
    submit(2, storage.addFile("a.txt", 30, 10));
    TestWorker worker = TestWorker.register("alpha:7070");
    worker.acquireNow();

    assertThat(meters.get("gristmill.tasks.pending").gauge().value()).isEqualTo(4.0);
    assertThat(meters.get("gristmill.tasks.running").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void exposesReadinessLivenessAndPrometheusOverHttp() throws Exception {
    submit(1, storage.addFile("a.txt", 10, 10));

    assertThat(get("/actuator/health/readiness")).isEqualTo(200);
    assertThat(get("/actuator/health/liveness")).isEqualTo(200);
    HttpResponse<String> prometheus = HTTP.send(request("/actuator/prometheus"), HttpResponse.BodyHandlers.ofString());
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("gristmill_tasks_pending 2.0", "gristmill_tasks_running 0.0");
  }

  private int get(String path) throws Exception {
    return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
        .build();
  }
}
