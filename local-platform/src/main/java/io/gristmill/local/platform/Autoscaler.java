package io.gristmill.local.platform;

import io.gristmill.local.client.GatewayClient;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The local platform's worker autoscaler: every {@link #PERIOD} it reads the job service's task gauges, asks the
 * {@link ScalingRule} how many workers to have, and starts new worker processes or retires idle ones (SIGTERM, so
 * they drain and leave). Which workers are idle comes from {@code GET /api/v1/workers}, matched by pid. On
 * Kubernetes KEDA does this job on the same gauges (the chart's ScaledObject).
 */
final class Autoscaler implements AutoCloseable {

  static final Duration PERIOD = Duration.ofSeconds(2);

  private final LocalPlatform platform;
  private final ScalingRule rule;
  private final BacklogProbe probe;
  private final GatewayClient gateway;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gristmill-autoscaler");
    t.setDaemon(true);
    return t;
  });

  private Autoscaler(LocalPlatform platform) {
    PlatformOptions options = platform.options();
    this.platform = platform;
    this.rule = new ScalingRule(options.autoscaling(), options.workerSlots(), Clock.systemUTC());
    this.probe = new BacklogProbe(platform.process("job-service").spec().httpPort());
    this.gateway = new GatewayClient(platform.gatewayUrl(), platform.token().value());
  }

  static Autoscaler start(LocalPlatform platform, PrintStream log) {
    Autoscaler autoscaler = new Autoscaler(platform);
    PlatformOptions.Autoscaling bounds = platform.options().autoscaling();
    log.println("Autoscaling workers between " + bounds.minWorkers() + " and " + bounds.maxWorkers()
        + " (cool-down " + bounds.cooldown().toSeconds() + " s)");
    autoscaler.timer.scheduleWithFixedDelay(autoscaler::tick, PERIOD.toMillis(), PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    return autoscaler;
  }

  private void tick() {
    try {
      Optional<ScalingRule.Backlog> backlog = probe.read();
      if (backlog.isEmpty()) {
        return;
      }
      List<ManagedProcess> workers = platform.workers();
      int wanted = rule.wanted(backlog.get(), workers.size());
      if (wanted > workers.size()) {
        platform.event("autoscaler: backlog " + backlog.get() + " wants " + wanted + " workers, have "
            + workers.size());
        platform.addWorkers(wanted - workers.size());
      } else if (wanted < workers.size()) {
        List<ManagedProcess> idle = idle(workers);
        List<ManagedProcess> retiring = idle.subList(0, Math.min(idle.size(), workers.size() - wanted));
        if (!retiring.isEmpty()) {
          platform.event("autoscaler: no backlog for the cool-down; retiring " + retiring.stream()
              .map(p -> p.spec().name()).collect(Collectors.joining(", ")));
          retiring.parallelStream().forEach(p -> platform.retireWorker(p.spec().name()));
        }
      }
    } catch (Exception e) {
      // One failed round (the gateway restarting, say) must not end autoscaling.
      platform.event("autoscaler: " + e);
    }
  }

  /** Workers the job service sees ALIVE and running nothing, newest first. */
  private List<ManagedProcess> idle(List<ManagedProcess> workers) throws Exception {
    Set<Long> idlePids = new java.util.HashSet<>();
    for (JsonNode w : gateway.workers()) {
      if (w.path("state").asText().equals("ALIVE") && w.path("runningAttempts").asInt() == 0) {
        idlePids.add(w.path("pid").asLong());
      }
    }
    List<ManagedProcess> idle = new ArrayList<>(workers.stream().filter(p -> idlePids.contains(p.pid())).toList());
    idle.sort(Comparator.comparing((ManagedProcess p) -> p.startedAt()).reversed());
    return idle;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
