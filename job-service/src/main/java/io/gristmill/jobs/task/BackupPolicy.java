package io.gristmill.jobs.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which straggler, if any, an idle worker should run a backup attempt of (speculative execution, as in the
 * MapReduce paper). A candidate qualifies when its only attempt has run longer than both {@code minRuntime} and
 * {@code slownessFactor} times the median duration of its job's succeeded attempts of the same kind (so at least
 * one sibling must have succeeded: with nothing to compare against, nothing is slow), and its job has had fewer
 * backups than {@code maxFraction} of its tasks (at least one). Among those, the one furthest past its threshold.
 * With even task times no attempt ever runs twice the median, so no backup starts.
 *
 * @param minRuntime an attempt younger than this never gets a backup
 * @param slownessFactor how many times slower than the median a straggler is, at least 1
 * @param maxFraction backups per job as a fraction of its tasks
 */
public record BackupPolicy(Duration minRuntime, double slownessFactor, double maxFraction) {

  public BackupPolicy {
    if (slownessFactor < 1) {
      throw new IllegalArgumentException("slownessFactor must be at least 1, got " + slownessFactor);
    }
  }

  /**
   * A running task that might get a backup.
   *
   * @param runningSince when its only running attempt started
   * @param medianSucceeded median duration of its job's succeeded attempts of the same kind; empty when none
   * @param backupsInJob backup attempts its job has had
   * @param tasksInJob tasks of its job
   */
  public record Candidate(UUID taskId, UUID jobId, Instant runningSince, Optional<Duration> medianSucceeded,
      long backupsInJob, long tasksInJob) {}

  public Optional<Candidate> choose(List<Candidate> candidates, Instant now) {
    return candidates.stream()
        .filter(c -> c.backupsInJob() < maxBackups(c.tasksInJob()))
        .filter(c -> !overdue(c, now).isNegative() && !overdue(c, now).isZero())
        .max(Comparator.comparing(c -> overdue(c, now)));
  }

  /** Backups a job of {@code tasks} tasks may have: the fraction, rounded down, but at least one. */
  public long maxBackups(long tasks) {
    return Math.max(1, (long) Math.floor(tasks * maxFraction));
  }

  /** How far past its threshold the candidate's attempt has run; not positive when it is not (yet) slow. */
  private Duration overdue(Candidate c, Instant now) {
    if (c.medianSucceeded().isEmpty()) {
      return Duration.ZERO;
    }
    Duration slow = Duration.ofNanos((long) (c.medianSucceeded().get().toNanos() * slownessFactor));
    Duration threshold = slow.compareTo(minRuntime) > 0 ? slow : minRuntime;
    return Duration.between(c.runningSince(), now).minus(threshold);
  }
}
