package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.Job;
import io.gristmill.jobs.job.JobRepository;
import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.Attempt;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.task.AttemptStatus;
import io.gristmill.jobs.task.BackupPolicy;
import io.gristmill.jobs.task.Task;
import io.gristmill.jobs.task.TaskRepository;
import io.gristmill.jobs.task.TaskStatus;
import io.gristmill.jobs.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts a backup attempt of a straggler for an idle worker, in the claim's transaction. The candidates are read
 * without locks; the chosen task is re-checked under its job's lock (job before task, as for reports), so two
 * claimers in any processes never start two backups of one task.
 */
@Component
class BackupLauncher {

  private static final Logger log = LoggerFactory.getLogger(BackupLauncher.class);

  private final TaskRepository tasks;
  private final JobRepository jobs;
  private final AttemptRepository attempts;
  private final SchedulingMetrics metrics;
  private final BackupPolicy policy;
  private final boolean enabled;
  private final Duration lease;

  BackupLauncher(TaskRepository tasks, JobRepository jobs, AttemptRepository attempts, SchedulingMetrics metrics,
      JobsProperties properties) {
    this.tasks = tasks;
    this.jobs = jobs;
    this.attempts = attempts;
    this.metrics = metrics;
    JobsProperties.Backup settings = properties.backup();
    this.policy = new BackupPolicy(settings.minRuntime(), settings.slownessFactor(), settings.maxFraction());
    this.enabled = settings.enabled();
    this.lease = properties.lease();
  }

  /** A backup attempt started for {@code worker}, with its job and task. */
  record Backup(Job job, Task task, Attempt attempt) {}

  Optional<Backup> launch(Worker worker, Instant now) {
    if (!enabled) {
      return Optional.empty();
    }
    List<BackupPolicy.Candidate> candidates = tasks.findBackupCandidates(worker.id(), now.minus(policy.minRuntime()))
        .stream().map(BackupLauncher::candidate).toList();
    return policy.choose(candidates, now).flatMap(chosen -> start(chosen, worker, now));
  }

  private Optional<Backup> start(BackupPolicy.Candidate chosen, Worker worker, Instant now) {
    Job job = jobs.lockById(chosen.jobId()).orElseThrow();
    Task task = tasks.findById(chosen.taskId()).orElseThrow();
    List<Attempt> all = attempts.findByTaskIdInOrderByStartedAtAscIdAsc(List.of(task.id()));
    List<Attempt> running = all.stream().filter(a -> a.status() == AttemptStatus.RUNNING).toList();
    boolean stillQualifies = job.status().isActive() && task.status() == TaskStatus.RUNNING
        && running.size() == 1 && !running.get(0).workerId().equals(worker.id())
        && all.stream().noneMatch(Attempt::isBackup);
    if (!stillQualifies) {
      return Optional.empty();
    }
    task.backupClaimed();
    Attempt backup = attempts.save(Attempt.startBackup(task.id(), worker.id(), now, now.plus(lease)));
    metrics.backupsLaunched.increment();
    try (var mdc = new AttemptMdc(job.id(), task.id(), backup.id())) {
      log.info("{} task {} has run since {}; backup attempt {} on worker {}", task.kind().label(), task.index(),
          running.get(0).startedAt(), backup.id(), worker.id());
    }
    return Optional.of(new Backup(job, task, backup));
  }

  private static BackupPolicy.Candidate candidate(Object[] row) {
    Optional<Duration> median = Optional.ofNullable((Number) row[3])
        .map(seconds -> Duration.ofNanos((long) (seconds.doubleValue() * 1e9)));
    return new BackupPolicy.Candidate((UUID) row[0], (UUID) row[1], epochSeconds((Number) row[2]), median,
        ((Number) row[4]).longValue(), ((Number) row[5]).longValue());
  }

  private static Instant epochSeconds(Number seconds) {
    double value = seconds.doubleValue();
    long whole = (long) Math.floor(value);
    return Instant.ofEpochSecond(whole, (long) ((value - whole) * 1e9));
  }
}
