package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.IntermediateData;
import io.gristmill.jobs.job.Job;
import io.gristmill.jobs.job.JobRepository;
import io.gristmill.jobs.job.TasksBecameRunnable;
import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.Attempt;
import io.gristmill.jobs.task.AttemptLimit;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.task.AttemptStatus;
import io.gristmill.jobs.task.Task;
import io.gristmill.jobs.task.TaskKind;
import io.gristmill.jobs.task.TaskRepository;
import io.gristmill.jobs.task.TaskStatus;
import io.gristmill.jobs.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Re-runs work that was lost: attempts whose worker died, left or stopped renewing their lease, and committed map
 * outputs that lived on a lost worker's disk (or that reducers cannot fetch) while reduces still need them. Every
 * method runs in the caller's transaction; a worker's jobs are locked one by one in a fixed order, so that two
 * callers handling different workers never wait on each other in a cycle.
 */
@Component
class Reexecution {

  private static final Logger log = LoggerFactory.getLogger(Reexecution.class);

  private final JobRepository jobs;
  private final TaskRepository tasks;
  private final AttemptRepository attempts;
  private final JobEnding ending;
  private final ApplicationEventPublisher events;
  private final SchedulingMetrics metrics;
  private final AttemptLimit limit;

  Reexecution(JobRepository jobs, TaskRepository tasks, AttemptRepository attempts, JobEnding ending,
      ApplicationEventPublisher events, SchedulingMetrics metrics, JobsProperties properties) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.attempts = attempts;
    this.ending = ending;
    this.events = events;
    this.metrics = metrics;
    this.limit = limits(properties);
  }

  static AttemptLimit limits(JobsProperties properties) {
    return new AttemptLimit(properties.maxAttempts(), properties.maxAttempts() * properties.maxLostAttemptsFactor());
  }

  /**
   * Everything a worker that is gone held: its running attempts are LOST and their tasks re-queued, and, in jobs
   * whose map outputs live on workers' disks, its committed maps are re-queued while a reduce is not done.
   */
  void workerGone(Worker worker, String reason, Instant now) {
    SortedSet<UUID> jobIds = new TreeSet<>(attempts.findJobIdsRunningOn(worker.id()));
    jobIds.addAll(tasks.findJobIdsWithMapOutputsOn(worker.id()));
    for (UUID jobId : jobIds) {
      Job job = jobs.lockById(jobId).orElseThrow();
      try (var ignored = MDC.putCloseable("jobId", jobId.toString())) {
        for (Attempt attempt : attempts.findRunningOnInJob(worker.id(), jobId)) {
          if (job.status().isActive()) {
            attemptLost(job, tasks.findById(attempt.taskId()).orElseThrow(), attempt, reason, now);
          }
        }
        if (job.status().isActive() && IntermediateData.of(job.params()) == IntermediateData.LOCAL
            && tasks.countByJobIdAndKindAndStatusNot(jobId, TaskKind.REDUCE, TaskStatus.SUCCEEDED) > 0) {
          for (Task map : tasks.findMapsCommittedOnInJob(worker.id(), jobId)) {
            rerunMap(job, map, "its output was on worker " + worker.id() + ", which is gone");
          }
        }
      }
    }
  }

  /** A running attempt whose lease ran out, if it still runs; locks its job. */
  void leaseExpired(UUID attemptId, UUID jobId, Instant now) {
    Job job = jobs.lockById(jobId).orElseThrow();
    Attempt attempt = attempts.findById(attemptId).orElseThrow();
    boolean expired = attempt.leaseExpiresAt().map(lease -> lease.isBefore(now)).orElse(false);
    if (attempt.status() == AttemptStatus.RUNNING && expired && job.status().isActive()) {
      Task task = tasks.findById(attempt.taskId()).orElseThrow();
      try (var mdc = new AttemptMdc(jobId, task.id(), attemptId)) {
        attemptLost(job, task, attempt, "its lease expired at " + attempt.leaseExpiresAt().orElseThrow()
            + ": no heartbeat of worker " + attempt.workerId() + " listed it", now);
      }
    }
  }

  /** Under the job's lock: the attempt is LOST and its task re-queued, or failed once too many were lost. */
  void attemptLost(Job job, Task task, Attempt attempt, String reason, Instant now) {
    attempt.lost(reason, now);
    metrics.attemptsLost.increment();
    task.attemptLost(limit, othersRunning(task, attempt));
    log.info("{} task {} attempt {} lost: {}", task.kind().label(), task.index(), attempt.id(), reason);
    if (task.status() == TaskStatus.FAILED) {
      ending.failed(job, task.lostReason(reason), now);
    } else if (task.status() == TaskStatus.PENDING) {
      events.publishEvent(new TasksBecameRunnable(job.id()));
    }
  }

  /** Under the job's lock: the committed output of a map is gone, so the map runs again. */
  void rerunMap(Job job, Task map, String reason) {
    Attempt committed = attempts.findById(map.succeededAttemptId().orElseThrow()).orElseThrow();
    committed.outputLost(reason);
    map.outputLost();
    log.info("map task {} runs again: {}", map.index(), reason);
    committed.intermediateFileId().ifPresent(fileId ->
        events.publishEvent(new IntermediateFilesReleased(job.id(), List.of(fileId))));
    events.publishEvent(new TasksBecameRunnable(job.id()));
  }

  /** Whether another attempt of the task still runs (a backup, or the original of one). */
  boolean othersRunning(Task task, Attempt attempt) {
    return attempts.findByTaskIdAndStatus(task.id(), AttemptStatus.RUNNING).stream()
        .anyMatch(other -> !other.id().equals(attempt.id()) && other.status() == AttemptStatus.RUNNING);
  }
}
