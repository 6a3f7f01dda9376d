package io.gristmill.jobs.system;

import io.gristmill.jobs.job.JobRepository;
import io.gristmill.jobs.worker.WorkerRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgets the request ids of RegisterWorker and SubmitJob calls older than the retention: a retry comes within
 * seconds, and the unique indexes should not grow forever. The rows stay; only the ids are cleared, so a very late
 * repeat is treated as a new request. Two processes clearing at once do the same harmless thing.
 */
@Component
class RequestIdPruner implements Duty {

  private static final Logger log = LoggerFactory.getLogger(RequestIdPruner.class);

  private final WorkerRepository workers;
  private final JobRepository jobs;
  private final JobsProperties.RequestIds settings;
  private final Clock clock;

  RequestIdPruner(WorkerRepository workers, JobRepository jobs, JobsProperties properties, Clock clock) {
    this.workers = workers;
    this.jobs = jobs;
    this.settings = properties.requestIds();
    this.clock = clock;
  }

  @Override
  public String name() {
    return "request-ids";
  }

  @Override
  public Duration period() {
    return settings.period();
  }

  @Override
  @Transactional
  public void run() {
    Instant cutoff = clock.instant().minus(settings.retention());
    int forgotten = workers.forgetRequestIdsBefore(cutoff) + jobs.forgetRequestIdsBefore(cutoff);
    if (forgotten > 0) {
      log.info("forgot {} request ids older than {}", forgotten, settings.retention());
    }
  }
}
