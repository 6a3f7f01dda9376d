package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.IntermediateData;
import io.gristmill.jobs.job.Job;
import io.gristmill.jobs.job.JobRepository;
import io.gristmill.jobs.job.TasksBecameRunnable;
import io.gristmill.jobs.system.InvalidRequestException;
import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.Attempt;
import io.gristmill.jobs.task.AttemptLimit;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.task.MapOutputLocation;
import io.gristmill.jobs.task.Task;
import io.gristmill.jobs.task.TaskKind;
import io.gristmill.jobs.task.TaskRepository;
import io.gristmill.jobs.task.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies workers' reports on attempts. Workers may repeat a report (a retried call) or send one late (after the
 * task was committed by another attempt); such reports change nothing. Reports on one job are serialised by the
 * job's row lock, which is taken before anything of the job is read, so two concurrent last reduces cannot both
 * miss each other's commit.
 */
@Component
class AttemptReports {

  private static final Logger log = LoggerFactory.getLogger(AttemptReports.class);

  private final JobRepository jobs;
  private final TaskRepository tasks;
  private final AttemptRepository attempts;
  private final ApplicationEventPublisher events;
  private final AttemptLimit limit;
  private final Clock clock;

  AttemptReports(JobRepository jobs, TaskRepository tasks, AttemptRepository attempts,
      ApplicationEventPublisher events, JobsProperties properties, Clock clock) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.attempts = attempts;
    this.events = events;
    this.limit = new AttemptLimit(properties.maxAttempts());
    this.clock = clock;
  }

  /**
   * Commits the attempt's task if the attempt is running on {@code workerId}, its task is not committed and its
   * job still active. Returns whether it did; false means the report had no effect.
   */
  @Transactional
  public boolean complete(UUID workerId, UUID attemptId, String outputFileId, String intermediateFileId,
      Map<String, Long> counters) {
    Optional<Locked> found = lock(attemptId);
    if (found.isEmpty()) {
      return false;
    }
    Locked locked = found.get();
    Job job = locked.job();
    Task task = locked.task();
    Attempt attempt = locked.attempt();
    if (!attempt.isRunningOn(workerId) || task.status() != TaskStatus.RUNNING || !job.status().isActive()) {
      return false;
    }
    try (var mdc = mdc(locked)) {
      if (task.kind() == TaskKind.REDUCE && outputFileId.isBlank()) {
        throw new InvalidRequestException("reduce attempt " + attemptId + " must report its output_file_id");
      }
      boolean stored = task.kind() == TaskKind.MAP && IntermediateData.of(job.params()) == IntermediateData.STORAGE;
      if (stored && intermediateFileId.isBlank()) {
        throw new InvalidRequestException("map attempt " + attemptId + " of a job with params.intermediate = "
            + "storage must report its intermediate_file_id");
      }
      Instant now = clock.instant();
      attempt.succeeded(counters, stored ? intermediateFileId : null, now);
      task.succeeded(attempt.id(), task.kind() == TaskKind.REDUCE ? outputFileId : null);
      log.info("{} task {} committed by attempt {}", task.kind().label(), task.index(), attempt.id());
      if (tasks.countByJobIdAndKindAndStatusNot(job.id(), task.kind(), TaskStatus.SUCCEEDED) == 0) {
        phaseDone(job, task.kind(), now);
      }
      return true;
    }
  }

  /**
   * Records the failure of the attempt if it is running on {@code workerId}; its task is requeued, or fails with
   * its job when it has used up its attempts. Any other report has no effect.
   */
  @Transactional
  public void fail(UUID workerId, UUID attemptId, String error, String stackTrace) {
    Optional<Locked> found = lock(attemptId);
    if (found.isEmpty() || !found.get().attempt().isRunningOn(workerId)) {
      return;
    }
    Locked locked = found.get();
    Job job = locked.job();
    Task task = locked.task();
    try (var mdc = mdc(locked)) {
      Instant now = clock.instant();
      locked.attempt().failed(error, stackTrace, now);
      log.info("{} task {} attempt {} failed: {}", task.kind().label(), task.index(), attemptId, error);
      if (task.status() != TaskStatus.RUNNING) {
        return;
      }
      task.attemptFailed(limit);
      if (task.status() == TaskStatus.PENDING) {
        events.publishEvent(new TasksBecameRunnable(job.id()));
      } else if (job.status().isActive()) {
        job.failed(task.failureReason(error), now);
        log.info("job failed: {}", job.error().orElseThrow());
        releaseIntermediateFiles(job);
      }
    }
  }

  private void phaseDone(Job job, TaskKind phase, Instant now) {
    if (phase == TaskKind.MAP) {
      events.publishEvent(new TasksBecameRunnable(job.id()));
      return;
    }
    List<String> outputs = tasks.findByJobIdAndKindOrderByIndex(job.id(), TaskKind.REDUCE).stream()
        .map(t -> t.outputFileId().orElseThrow())
        .toList();
    job.succeeded(outputs, now);
    log.info("job succeeded with {} output files", outputs.size());
    releaseIntermediateFiles(job);
  }

  /** Map outputs kept in the blob store are of no further use once the job has ended; deleted after commit. */
  private void releaseIntermediateFiles(Job job) {
    if (IntermediateData.of(job.params()) == IntermediateData.STORAGE) {
      List<String> fileIds = tasks.mapOutputsOf(job.id()).stream()
          .map(MapOutputLocation::intermediateFileId)
          .filter(Objects::nonNull)
          .toList();
      events.publishEvent(new IntermediateFilesReleased(job.id(), fileIds));
    }
  }

  /** Locks the attempt's job, then reads the attempt and its task, which the job lock protects. */
  private Optional<Locked> lock(UUID attemptId) {
    return attempts.findJobIdOf(attemptId)
        .flatMap(jobs::lockById)
        .map(job -> {
          Attempt attempt = attempts.findById(attemptId).orElseThrow();
          Task task = tasks.findById(attempt.taskId()).orElseThrow();
          return new Locked(job, task, attempt);
        });
  }

  private static AttemptMdc mdc(Locked locked) {
    return new AttemptMdc(locked.job().id(), locked.task().id(), locked.attempt().id());
  }

  private record Locked(Job job, Task task, Attempt attempt) {}
}
