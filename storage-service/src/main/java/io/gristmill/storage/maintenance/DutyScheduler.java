package io.gristmill.storage.maintenance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ticks every duty on its own period on every node; a tick runs the duty only on the leader. Duties share one
 * thread, so two never run at once on a node and a slow one delays, never overlaps, the others.
 */
@Component
class DutyScheduler implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DutyScheduler.class);

  private final List<MaintenanceDuty> duties;
  private final LeaderLock leader;
  private final MeterRegistry meters;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread t = new Thread(runnable, "maintenance");
    t.setDaemon(true);
    return t;
  });

  DutyScheduler(List<MaintenanceDuty> duties, LeaderLock leader, MeterRegistry meters) {
    this.duties = duties;
    this.leader = leader;
    this.meters = meters;
    Gauge.builder("gristmill.storage.maintenance.leader", leader, l -> l.isHeld() ? 1 : 0)
        .description("1 on the node that runs the maintenance duties, 0 elsewhere")
        .register(meters);
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    for (MaintenanceDuty duty : duties) {
      Timer runs = Timer.builder("gristmill.storage.maintenance.runs").tag("duty", duty.name())
          .description("Runs of a maintenance duty on the leader").register(meters);
      Counter failures = Counter.builder("gristmill.storage.maintenance.failures").tag("duty", duty.name())
          .description("Runs of a maintenance duty that failed").register(meters);
      long period = duty.period().toMillis();
      thread.scheduleWithFixedDelay(() -> tick(duty, runs, failures), period, period, TimeUnit.MILLISECONDS);
    }
  }

  private void tick(MaintenanceDuty duty, Timer runs, Counter failures) {
    try {
      if (leader.holds()) {
        runs.record(duty::run);
      }
    } catch (RuntimeException e) {
      // The next tick tries again; every duty is safe to repeat.
      failures.increment();
      log.warn("maintenance duty {} failed: {}", duty.name(), e.toString(), e);
    }
  }

  @Override
  public void destroy() {
    thread.shutdownNow();
  }
}
