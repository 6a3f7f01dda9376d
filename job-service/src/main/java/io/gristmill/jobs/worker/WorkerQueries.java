package io.gristmill.jobs.worker;

import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.AttemptRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workers list: each worker with its state and load. LOST and LEFT workers drop off the list once they have
 * been gone for the departed-worker retention; their rows stay, since their attempts name them.
 */
@Service
public class WorkerQueries {

  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final Duration retention;
  private final Clock clock;

  WorkerQueries(WorkerRepository workers, AttemptRepository attempts, JobsProperties properties, Clock clock) {
    this.workers = workers;
    this.attempts = attempts;
    this.retention = properties.departedWorkerRetention();
    this.clock = clock;
  }

  /** A worker with the number of attempts running on it. */
  public record WorkerStatus(Worker worker, int runningAttempts) {}

  @Transactional(readOnly = true)
  public List<WorkerStatus> list() {
    Map<UUID, Long> running = attempts.countRunningByWorker().stream()
        .collect(Collectors.toMap(AttemptRepository.RunningCount::getWorkerId,
            AttemptRepository.RunningCount::getRunning));
    Instant forgetBefore = clock.instant().minus(retention);
    return workers.findAll().stream()
        .filter(w -> w.state().isPresent() || !w.stateChangedAt().isBefore(forgetBefore))
        .sorted(Comparator.comparing(Worker::host).thenComparing(Worker::registeredAt))
        .map(w -> new WorkerStatus(w, running.getOrDefault(w.id(), 0L).intValue()))
        .toList();
  }
}
