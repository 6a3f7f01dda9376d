package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.Job;
import io.gristmill.jobs.job.JobRepository;
import io.gristmill.jobs.job.JobStatus;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims runnable tasks for a worker, one or several in one transaction. Correct with any number of job-service processes:
 * the worker row is share-locked (so that it cannot be declared dead meanwhile) and the task rows are taken with SKIP
 * LOCKED. A claim of maps only reads the job row, so that it never waits for a completion, a failure or another
 * claim of the same job, which hold the job's row lock; a job's end waits for it through the task rows instead
 * ({@link TaskRepository#lockPendingMapsOf}). What does take the job's row lock, as everything else that changes a
 * job's tasks: a reduce claim (it re-checks the job's maps under the lock) and the first claim of a PENDING job (it
 * starts the job), the latter before it takes any task row, so that it never holds a row a job's end waits for
 * while it waits for that end. One transaction claims tasks of one job only, for the same reason. When nothing is
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
    return claimUpTo(workerId, 1).stream().findFirst();
  }

  /**
   * New attempts of up to {@code max} runnable tasks of one job, in the order the worker should run them, claimed in
   * this one transaction; empty when none is runnable now or the worker drains. The first round picks the job in
   * claim order; later rounds take more of its tasks (the ones already claimed are flushed RUNNING first), local
   * ones first. A backup attempt is only launched when nothing else was claimed, and alone.
   */
  @Transactional
  public List<Assignment> claimUpTo(UUID workerId, int max) {
    // A claim lost in a database crash is recovered by the protocol, so it need not wait for a disk flush.
    commit.forThisTransaction();
    Worker worker = workers.lockPresentShared(workerId);
    if (worker.state() == WorkerState.DRAINING) {
      return List.of();
    }
    Instant now = clock.instant();
    Map<UUID, Job> read = new HashMap<>();
    Map<UUID, Boolean> reducesWait = new HashMap<>();
    List<Assignment> claimed = new ArrayList<>();
    Optional<UUID> onlyJob = Optional.empty();
    while (claimed.size() < max) {
      List<Task> next = onlyJob.isPresent()
          ? lockNextRunnableOf(onlyJob.get(), worker, now, max - claimed.size())
          : lockNextRunnable(worker, now, max - claimed.size());
      if (next.isEmpty()) {
        break;
      }
      for (Task task : next) {
        onlyJob = Optional.of(task.jobId());
        // A reduce claim locks the job; a map claim reads it (a PENDING job was locked before its tasks). The job
        // may have ended since the query's snapshot: the read sees the end once it is committed, and an end not
        // committed yet waits for this transaction (it takes the PENDING map rows first, and these were PENDING).
        // A map of the job may also have been re-queued meanwhile (reducers could not fetch its output); the
        // query's snapshot still had every map SUCCEEDED, so under the job lock a reduce checks again, and waits
        // if so.
        Job job = read.computeIfAbsent(task.jobId(), id -> (task.kind() == TaskKind.REDUCE
            ? jobs.lockById(id) : jobs.findById(id)).orElseThrow());
        if (!job.status().isActive() || (task.kind() == TaskKind.REDUCE
            && reducesWait.computeIfAbsent(job.id(), id -> mapsPending(job)))) {
          continue;
        }
        job.taskClaimed(now);
        task.claimed();
        Attempt attempt = attempts.save(Attempt.start(task.id(), worker.id(), now, now.plus(lease)));
        try (var mdc = new AttemptMdc(job.id(), task.id(), attempt.id())) {
          log.info("{} task {} assigned to worker {} (attempt {} of the task)", task.kind().label(), task.index(),
              worker.id(), task.attempts());
        }
        claimed.add(assignment(job, task, attempt));
      }
      // The next round's query must see these tasks RUNNING, not offer them again.
      tasks.flush();
    }
    if (claimed.isEmpty()) {
      return backups.launch(worker, now).map(b -> List.of(assignment(b.job(), b.task(), b.attempt())))
          .orElse(List.of());
    }
    return claimed;
  }

  /**
   * Up to {@code limit} runnable tasks of one job for the worker, row-locked: jobs in claim order
   * ({@link TaskRepository#findJobsInClaimOrder}); among jobs alike in priority and running tasks, maps with a
   * replica on the worker's host first, then any task, each in submission order. A job still PENDING is locked
   * before its tasks are looked at (its first claim starts it).
   */
  private List<Task> lockNextRunnable(Worker worker, Instant now, int limit) {
    List<Object[]> jobs = tasks.findJobsInClaimOrder();
    for (int from = 0, to; from < jobs.size(); from = to) {
      to = from + 1;
      while (to < jobs.size() && sameTier(jobs.get(from), jobs.get(to))) {
        to++;
      }
      List<Object[]> tier = jobs.subList(from, to);
      for (boolean localOnly : new boolean[] {true, false}) {
        for (Object[] row : tier) {
          UUID jobId = (UUID) row[0];
          if (JobStatus.PENDING.name().equals(row[3])) {
            this.jobs.lockById(jobId);
          }
          List<Task> found = tasks.lockNextRunnableOf(jobId, worker.id(), worker.host(), localOnly, now, limit);
          if (!found.isEmpty()) {
            return found;
          }
        }
      }
    }
    return List.of();
  }

  /** Up to {@code limit} more runnable tasks of a job this transaction already claims from, local ones first. */
  private List<Task> lockNextRunnableOf(UUID jobId, Worker worker, Instant now, int limit) {
    List<Task> local = tasks.lockNextRunnableOf(jobId, worker.id(), worker.host(), true, now, limit);
    return local.isEmpty() ? tasks.lockNextRunnableOf(jobId, worker.id(), worker.host(), false, now, limit) : local;
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
