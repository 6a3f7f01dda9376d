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

/** The workers list: each registered worker with its load and whether its heartbeats still arrive. */
@Service
public class WorkerQueries {

  /** Heartbeats missed before a worker is shown as lost. */
  private static final int MISSED_HEARTBEATS = 3;

  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final Duration silenceLimit;
  private final Clock clock;

  WorkerQueries(WorkerRepository workers, AttemptRepository attempts, JobsProperties properties, Clock clock) {
    this.workers = workers;
    this.attempts = attempts;
    this.silenceLimit = properties.heartbeatInterval().multipliedBy(MISSED_HEARTBEATS);
    this.clock = clock;
  }

  /** A worker with its running attempts and liveness. */
  public record WorkerStatus(Worker worker, int runningAttempts, boolean alive) {}

  @Transactional(readOnly = true)
  public List<WorkerStatus> list() {
    Map<UUID, Long> running = attempts.countRunningByWorker().stream()
        .collect(Collectors.toMap(AttemptRepository.RunningCount::getWorkerId,
            AttemptRepository.RunningCount::getRunning));
    Instant now = clock.instant();
    return workers.findAll().stream()
        .sorted(Comparator.comparing(Worker::host).thenComparing(Worker::registeredAt))
        .map(w -> new WorkerStatus(w, running.getOrDefault(w.id(), 0L).intValue(),
            !w.lastHeartbeat().plus(silenceLimit).isBefore(now)))
        .toList();
  }
}
