package io.gristmill.jobs.system;

import io.micrometer.core.instrument.Counter;
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
 * Runs every {@link Duty} on its own period, from the moment the service is ready. Duties share one thread, so a
 * slow one delays, never overlaps, the others; a failed run is logged and counted, and the next one tries again.
 */
@Component
class DutyScheduler implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DutyScheduler.class);

  private final List<Duty> duties;
  private final MeterRegistry meters;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread t = new Thread(runnable, "job-service-duties");
    t.setDaemon(true);
    return t;
  });

  DutyScheduler(List<Duty> duties, MeterRegistry meters) {
    this.duties = duties;
    this.meters = meters;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    for (Duty duty : duties) {
      Timer runs = Timer.builder("gristmill.jobs.duty.runs").tag("duty", duty.name())
          .description("Runs of a background duty").register(meters);
      Counter failures = Counter.builder("gristmill.jobs.duty.failures").tag("duty", duty.name())
          .description("Runs of a background duty that failed").register(meters);
      long period = duty.period().toMillis();
      thread.scheduleWithFixedDelay(() -> tick(duty, runs, failures), period, period, TimeUnit.MILLISECONDS);
    }
  }

  private void tick(Duty duty, Timer runs, Counter failures) {
    try {
      runs.record(duty::run);
    } catch (RuntimeException e) {
      failures.increment();
      log.warn("duty {} failed: {}", duty.name(), e.toString(), e);
    }
  }

  @Override
  public void destroy() {
    thread.shutdownNow();
  }
}
