package io.gristmill.local.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the job service's task gauges from its Prometheus endpoint ({@code /actuator/prometheus} on its HTTP
 * port): the same signal the chart's KEDA ScaledObject scales workers on in Kubernetes.
 */
final class BacklogProbe {

  private static final Pattern PENDING = gauge("gristmill_tasks_pending");
  private static final Pattern RUNNING = gauge("gristmill_tasks_running");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI endpoint;

  BacklogProbe(int jobServiceHttpPort) {
    this.endpoint = URI.create("http://127.0.0.1:" + jobServiceHttpPort + "/actuator/prometheus");
  }

  /** The backlog now; empty while the job service does not answer (it may be restarting). */
  Optional<ScalingRule.Backlog> read() {
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Both gauges from a Prometheus text exposition; empty when either is missing. */
  static Optional<ScalingRule.Backlog> parse(String exposition) {
    Matcher pending = PENDING.matcher(exposition);
    Matcher running = RUNNING.matcher(exposition);
    if (!pending.find() || !running.find()) {
      return Optional.empty();
    }
    return Optional.of(new ScalingRule.Backlog(value(pending), value(running)));
  }

  private static long value(Matcher m) {
    return Math.round(Double.parseDouble(m.group(1)));
  }

  /** A sample line of {@code name}, with or without labels, e.g. {@code gristmill_tasks_pending{a="b"} 3.0}. */
  private static Pattern gauge(String name) {
    return Pattern.compile("^" + name + "(?:\\{[^}]*})?\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
  }
}
