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
import io.gristmill.jobs.task.AttemptStatus;
import io.gristmill.jobs.task.FetchFailureRule;
import io.gristmill.jobs.task.RetryBackoff;
import io.gristmill.jobs.task.Task;
import io.gristmill.jobs.task.TaskKind;
import io.gristmill.jobs.task.TaskRepository;
import io.gristmill.jobs.task.TaskStatus;
import io.gristmill.jobs.task.WorkerTimes;
import io.gristmill.jobs.worker.Worker;
import io.gristmill.jobs.worker.WorkerRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies workers' reports on attempts. Workers may repeat a report (a retried call) or send one late (after the
 * task was committed by another attempt, or after the attempt was lost or killed); such reports change nothing.
 * Reports on one job are serialised by the job's row lock, which is taken before anything of the job is read, so
 * two concurrent last reduces cannot both miss each other's commit.
 */
@Component
class AttemptReports {

  private static final Logger log = LoggerFactory.getLogger(AttemptReports.class);

  private final JobRepository jobs;
  private final TaskRepository tasks;
  private final AttemptRepository attempts;
  private final WorkerRepository workers;
  private final Reexecution reexecution;
  private final JobEnding ending;
  private final ReduceOutputCommitter outputs;
  private final ApplicationEventPublisher events;
  private final SchedulingMetrics metrics;
  private final RecoverableCommit recoverable;
  private final AttemptLimit limit;
  private final RetryBackoff backoff;
  private final FetchFailureRule fetchFailures;
  private final Clock clock;

  AttemptReports(JobRepository jobs, TaskRepository tasks, AttemptRepository attempts, WorkerRepository workers,
      Reexecution reexecution, JobEnding ending, ReduceOutputCommitter outputs, ApplicationEventPublisher events,
      SchedulingMetrics metrics, RecoverableCommit recoverable, JobsProperties properties, Clock clock) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.attempts = attempts;
    this.workers = workers;
    this.reexecution = reexecution;
    this.ending = ending;
    this.outputs = outputs;
    this.events = events;
    this.metrics = metrics;
    this.recoverable = recoverable;
    this.limit = Reexecution.limits(properties);
    this.backoff = new RetryBackoff(properties.retryBackoff().initial(), properties.retryBackoff().max());
    this.fetchFailures = new FetchFailureRule(properties.fetchFailuresBeforeRerun());
    this.clock = clock;
  }

  /**
   * What a worker said about an attempt's end.
   *
   * @param startedAtMillis worker clock, epoch milliseconds; 0 when unknown
   * @param finishedAtMillis worker clock, epoch milliseconds; 0 when unknown
   */
  record Timing(long startedAtMillis, long finishedAtMillis) {}

  /**
   * A map attempt whose output a reduce attempt could not read.
   *
   * @param mapAttemptId as the reduce's assignment named it
   * @param error why, one line
   */
  record FetchFailure(UUID mapAttemptId, String error) {}

  /**
   * What a worker said about an attempt that finished.
   *
   * @param outputFileId a reduce's output file; blank for maps
   * @param intermediateFileId a map's output in storage (params.intermediate = storage); blank otherwise
   */
  record Completion(UUID attemptId, String outputFileId, String intermediateFileId, Map<String, Long> counters,
      Timing timing) {}

  /**
   * Commits the attempt's task if the attempt is running on {@code workerId}, its task is not committed and its
   * job still active; other attempts of the task still running are KILLED. A reduce's output is first renamed to
   * its final name ({@link ReduceOutputCommitter}); if storage cannot do that now, the report fails as unavailable
   * and nothing is committed, and the worker's retry renames again harmlessly. Returns whether it committed; false
   * means the report had no effect.
   */
  @Transactional
  public boolean complete(UUID workerId, Completion completion) {
    return completeAll(workerId, List.of(completion)).get(0);
  }

  /**
   * Applies several completions of one worker in one transaction, each as {@link #complete} would alone; all or
   * nothing (an invalid item or a reduce output that storage cannot commit now fails the whole call). Returns
   * whether each committed, in the given order. The jobs concerned are locked in id order, so that two batches
   * naming the same jobs wait for each other instead of deadlocking; a phase that ends is noticed once per batch.
   *
   * <p>A batch that reports only maps whose output stays on the worker's disk commits without waiting for the
   * disk ({@link RecoverableCommit}): such a completion lost in a database crash leaves its attempt RUNNING, no
   * longer listed by the worker's heartbeats, so it is LOST when its lease runs out and the map runs again, as if
   * its worker had died. Nothing outside the database acts on it before then: a reduce claimed after it is later
   * in the log and lost with it, the job ends only in a reduce's completion, which waits for the disk and so
   * flushes every earlier completion, and no stored file is released or renamed. Reduce completions (their
   * output is renamed in storage, the job may end) and maps whose output is a stored file (it would be left
   * unreferenced) wait for the disk.
   */
  @Transactional
  public List<Boolean> completeAll(UUID workerId, List<Completion> completions) {
    List<UUID> ids = completions.stream().map(Completion::attemptId).distinct().toList();
    Map<UUID, Job> locked = new HashMap<>();
    attempts.findJobIdsOf(ids).stream()
        .map(row -> (UUID) row[1])
        .distinct()
        .sorted()
        .forEach(jobId -> jobs.lockById(jobId).ifPresent(job -> locked.put(jobId, job)));
    Map<UUID, Locked> byAttempt = new HashMap<>();
    if (!locked.isEmpty()) {
      for (Object[] row : attempts.findAllWithTaskAndWorker(ids)) {
        Task task = (Task) row[1];
        Job job = locked.get(task.jobId());
        if (job != null) {
          Attempt attempt = (Attempt) row[0];
          byAttempt.put(attempt.id(), new Locked(job, task, attempt, (Worker) row[2]));
        }
      }
    }
    // Decided before anything changes: its statement would otherwise flush the changes, and a lock conflict met
    // there would escape the repositories' exception translation (the worker would drop the report, not retry it).
    if (byAttempt.values().stream().noneMatch(l -> l.task().kind() == TaskKind.REDUCE || storesMapOutput(l.job()))) {
      recoverable.forThisTransaction();
    }
    Instant now = clock.instant();
    Set<Phase> committedIn = new LinkedHashSet<>();
    List<Boolean> accepted = new ArrayList<>(completions.size());
    for (Completion completion : completions) {
      Locked found = byAttempt.get(completion.attemptId());
      boolean committed = found != null && commit(workerId, found, completion, now);
      if (committed) {
        committedIn.add(new Phase(found.job(), found.task().kind()));
      }
      accepted.add(committed);
    }
    for (Phase phase : committedIn) {
      if (phase.job().status().isActive()
          && tasks.countByJobIdAndKindAndStatusNot(phase.job().id(), phase.kind(), TaskStatus.SUCCEEDED) == 0) {
        phaseDone(phase.job(), phase.kind(), now);
      }
    }
    return accepted;
  }

  private static boolean storesMapOutput(Job job) {
    return IntermediateData.of(job.params()) == IntermediateData.STORAGE;
  }

  /** A job's map or reduce phase, in which a batch committed tasks. */
  private record Phase(Job job, TaskKind kind) {}

  private boolean commit(UUID workerId, Locked locked, Completion completion, Instant now) {
    Job job = locked.job();
    Task task = locked.task();
    Attempt attempt = locked.attempt();
    if (!attempt.isRunningOn(workerId) || task.status() != TaskStatus.RUNNING || !job.status().isActive()) {
      return false;
    }
    try (var mdc = mdc(locked)) {
      String outputFileId = completion.outputFileId();
      String intermediateFileId = completion.intermediateFileId();
      if (task.kind() == TaskKind.REDUCE && outputFileId.isBlank()) {
        throw new InvalidRequestException("reduce attempt " + attempt.id() + " must report its output_file_id");
      }
      boolean stored = task.kind() == TaskKind.MAP && storesMapOutput(job);
      if (stored && intermediateFileId.isBlank()) {
        throw new InvalidRequestException("map attempt " + attempt.id() + " of a job with params.intermediate = "
            + "storage must report its intermediate_file_id");
      }
      if (task.kind() == TaskKind.REDUCE) {
        outputs.commit(job.id(), task.index(), attempt.id(), outputFileId);
      }
      attempt.succeeded(completion.counters(), stored ? intermediateFileId : null, now,
          workerTimes(locked.worker(), completion.timing()));
      task.succeeded(attempt.id(), task.kind() == TaskKind.REDUCE ? outputFileId : null);
      killOthers(task, attempt, now);
      log.info("{} task {} committed by {}attempt {}", task.kind().label(), task.index(),
          attempt.isBackup() ? "backup " : "", attempt.id());
      return true;
    }
  }

  /**
   * Records the failure of the attempt if it is running on {@code workerId}. A reduce that could not fetch map
   * outputs is not at fault: its attempt does not count, and the maps are re-run once enough reports name them.
   * Otherwise the task is retried after a backoff, or fails with its job once it has used up its attempts. Any
   * other report has no effect.
   */
  @Transactional
  public void fail(UUID workerId, UUID attemptId, String error, String stackTrace, List<FetchFailure> fetches,
      Timing timing) {
    Optional<Locked> found = lock(attemptId);
    if (found.isEmpty() || !found.get().attempt().isRunningOn(workerId)) {
      return;
    }
    Locked locked = found.get();
    Job job = locked.job();
    Task task = locked.task();
    Attempt attempt = locked.attempt();
    try (var mdc = mdc(locked)) {
      Instant now = clock.instant();
      attempt.failed(error, stackTrace, now, workerTimes(locked.worker(), timing));
      log.info("{} task {} attempt {} failed: {}", task.kind().label(), task.index(), attemptId, error);
      if (task.status() != TaskStatus.RUNNING || !job.status().isActive()) {
        return;
      }
      boolean othersRunning = reexecution.othersRunning(task, attempt);
      if (task.kind() == TaskKind.REDUCE && !fetches.isEmpty()) {
        task.attemptFailedToFetch(othersRunning);
        fetches.forEach(fetch -> fetchFailed(job, attempt, fetch, now));
        events.publishEvent(new TasksBecameRunnable(job.id()));
        return;
      }
      Instant retryAt = now.plus(backoff.delay(task.failedAttempts() + 1, ThreadLocalRandom.current()));
      task.attemptFailed(limit, othersRunning, retryAt);
      if (task.status() == TaskStatus.PENDING) {
        events.publishEvent(new TasksBecameRunnable(job.id(), Optional.of(retryAt)));
      } else if (task.status() == TaskStatus.FAILED) {
        ending.failed(job, task.failureReason(error), now);
      }
    }
  }

  /** One report that a map output could not be read: maybe enough to run the map again. */
  private void fetchFailed(Job job, Attempt reduce, FetchFailure fetch, Instant now) {
    Optional<Attempt> map = attempts.findById(fetch.mapAttemptId());
    Optional<Task> mapTask = map.flatMap(a -> tasks.findById(a.taskId()));
    // Only the output the map task is committed with matters; a report against an older one changes nothing.
    if (mapTask.isEmpty() || !mapTask.get().jobId().equals(job.id()) || mapTask.get().status() != TaskStatus.SUCCEEDED
        || !mapTask.get().succeededAttemptId().orElseThrow().equals(fetch.mapAttemptId())) {
      return;
    }
    attempts.recordFetchFailure(fetch.mapAttemptId(), reduce.id(), fetch.error(), now);
    long reports = attempts.countFetchFailures(fetch.mapAttemptId());
    boolean workerGone = workers.findById(map.get().workerId()).map(w -> !w.state().isPresent()).orElse(true);
    if (fetchFailures.rerun(reports, workerGone)) {
      metrics.fetchFailureReruns.increment();
      reexecution.rerunMap(job, mapTask.get(), reports + " reduce attempts could not fetch its output"
          + (workerGone ? " and its worker is gone" : "") + "; last: " + fetch.error());
    }
  }

  private void killOthers(Task task, Attempt winner, Instant now) {
    // A task that ever had one attempt only (nearly all of them) has no other to kill: no query for those.
    List<Attempt> running =
        task.attempts() > 1 ? attempts.findByTaskIdAndStatus(task.id(), AttemptStatus.RUNNING) : List.of();
    for (Attempt other : running) {
      if (!other.id().equals(winner.id()) && other.status() == AttemptStatus.RUNNING) {
        other.killed("attempt " + winner.id() + " committed the task first", now);
        metrics.attemptsKilled.increment();
      }
    }
    if (winner.isBackup()) {
      metrics.backupsWon.increment();
    }
  }

  /** Times reported by the attempt's worker, shifted by that worker's clock offset. */
  private static WorkerTimes workerTimes(Worker worker, Timing timing) {
    return WorkerTimes.shifted(timing.startedAtMillis(), timing.finishedAtMillis(), worker.clockOffset());
  }

  private void phaseDone(Job job, TaskKind phase, Instant now) {
    if (phase == TaskKind.MAP) {
      events.publishEvent(new TasksBecameRunnable(job.id()));
      return;
    }
    List<String> outputs = tasks.findByJobIdAndKindOrderByIndex(job.id(), TaskKind.REDUCE).stream()
        .map(t -> t.outputFileId().orElseThrow())
        .toList();
    ending.succeeded(job, outputs, now);
  }

  /**
   * Locks the attempt's job, then reads the attempt, its task (which the job lock protects) and the worker it was
   * started on in one query.
   */
  private Optional<Locked> lock(UUID attemptId) {
    return attempts.findJobIdOf(attemptId)
        .flatMap(jobs::lockById)
        .map(job -> {
          Object[] row = attempts.findWithTaskAndWorker(attemptId).get(0);
          return new Locked(job, (Task) row[1], (Attempt) row[0], (Worker) row[2]);
        });
  }

  private static AttemptMdc mdc(Locked locked) {
    return new AttemptMdc(locked.job().id(), locked.task().id(), locked.attempt().id());
  }

  /** @param worker the worker the attempt was started on */
  private record Locked(Job job, Task task, Attempt attempt, Worker worker) {}
}
