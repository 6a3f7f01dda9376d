package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.Job;
import io.gristmill.jobs.job.JobRepository;
import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.Attempt;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.task.MapOutputLocation;
import io.gristmill.jobs.task.Task;
import io.gristmill.jobs.task.TaskKind;
import io.gristmill.jobs.task.TaskRepository;
import io.gristmill.jobs.task.TaskStatus;
import io.gristmill.jobs.worker.Worker;
import io.gristmill.jobs.worker.WorkerRegistry;
import io.gristmill.jobs.worker.WorkerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims one runnable task for a worker in one transaction. Correct with any number of job-service processes:
 * the worker row is share-locked (so that it cannot be declared dead meanwhile), the task row is taken with SKIP
 * LOCKED, and the job row lock is then taken as everywhere else that changes a job's tasks. When nothing is
 * runnable, an idle worker may get a backup attempt of a straggler ({@link BackupLauncher}). It commits without
 * waiting for the disk ({@link RecoverableCommit}).
 */
@Component
class TaskClaimer {

  private static final Logger log = LoggerFactory.getLogger(TaskClaimer.class);

  private final TaskRepository tasks;
  private final JobRepository jobs;
  private final AttemptRepository attempts;
  private final WorkerRegistry workers;
  private final BackupLauncher backups;
  private final RecoverableCommit commit;
  private final Duration lease;
  private final Clock clock;

  TaskClaimer(TaskRepository tasks, JobRepository jobs, AttemptRepository attempts, WorkerRegistry workers,
      BackupLauncher backups, RecoverableCommit commit, JobsProperties properties, Clock clock) {
    this.tasks = tasks;
    this.jobs = jobs;
    this.attempts = attempts;
    this.workers = workers;
    this.backups = backups;
    this.commit = commit;
    this.lease = properties.lease();
    this.clock = clock;
  }

  /** A new attempt of the next runnable task, or empty when none is runnable now or the worker drains. */
  @Transactional
  public Optional<Assignment> claim(UUID workerId) {
    // A claim lost in a database crash is recovered by the protocol, so it need not wait for a disk flush.
    commit.forThisTransaction();
    Worker worker = workers.lockPresentShared(workerId);
    if (worker.state() == WorkerState.DRAINING) {
      return Optional.empty();
    }
    while (true) {
      Instant now = clock.instant();
      Optional<Task> next = lockNextRunnable(worker, now);
      if (next.isEmpty()) {
        return backups.launch(worker, now).map(backup -> assignment(backup.job(), backup.task(), backup.attempt()));
      }
      Task task = next.get();
      Job job = jobs.lockById(task.jobId()).orElseThrow();
      // The job may have ended between the query's snapshot and our lock on it; the next query, with a fresh
      // snapshot, no longer sees its tasks.
      // A map of the job may also have been re-queued meanwhile (reducers could not fetch its output); the query's
      // snapshot still had every map SUCCEEDED, so under the job lock a reduce checks again, and waits if so.
      if (job.status().isActive() && !(task.kind() == TaskKind.REDUCE && mapsPending(job))) {
        job.taskClaimed(now);
        task.claimed();
        Attempt attempt = attempts.save(Attempt.start(task.id(), worker.id(), now, now.plus(lease)));
        try (var mdc = new AttemptMdc(job.id(), task.id(), attempt.id())) {
          log.info("{} task {} assigned to worker {} (attempt {} of the task)", task.kind().label(), task.index(),
              worker.id(), task.attempts());
        }
        return Optional.of(assignment(job, task, attempt));
      }
    }
  }

  /**
   * The next runnable task for the worker, row-locked: jobs in claim order ({@link TaskRepository#findJobsInClaimOrder});
   * among jobs alike in priority and running tasks, a map with a replica on the worker's host first, then any task,
   * each in submission order.
   */
  private Optional<Task> lockNextRunnable(Worker worker, Instant now) {
    List<Object[]> jobs = tasks.findJobsInClaimOrder();
    for (int from = 0, to; from < jobs.size(); from = to) {
      to = from + 1;
      while (to < jobs.size() && sameTier(jobs.get(from), jobs.get(to))) {
        to++;
      }
      List<UUID> tier = jobs.subList(from, to).stream().map(row -> (UUID) row[0]).toList();
      for (boolean localOnly : new boolean[] {true, false}) {
        for (UUID jobId : tier) {
          Optional<Task> task = tasks.lockNextRunnableOf(jobId, worker.id(), worker.host(), localOnly, now);
          if (task.isPresent()) {
            return task;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Same priority and as many running tasks: the claim order cannot tell the jobs apart before locality. */
  private static boolean sameTier(Object[] a, Object[] b) {
    return ((Number) a[1]).intValue() == ((Number) b[1]).intValue()
        && ((Number) a[2]).longValue() == ((Number) b[2]).longValue();
  }

  private boolean mapsPending(Job job) {
    return tasks.countByJobIdAndKindAndStatusNot(job.id(), TaskKind.MAP, TaskStatus.SUCCEEDED) > 0;
  }

  private Assignment assignment(Job job, Task task, Attempt attempt) {
    List<MapOutputLocation> mapOutputs =
        task.kind() == TaskKind.REDUCE ? tasks.mapOutputsOf(job.id()) : List.of();
    return new Assignment(attempt.id(), job.id(), task.id(), task.kind(), task.index(), job.type(), job.params(),
        job.reducers(), task.split(), mapOutputs, job.custom());
  }
}
