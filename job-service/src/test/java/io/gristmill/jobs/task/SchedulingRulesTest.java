package io.gristmill.jobs.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Retry backoff, backup selection, the fetch-failure threshold and worker times, in plain Java. */
class SchedulingRulesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private static final BackupPolicy BACKUPS = new BackupPolicy(Duration.ofSeconds(10), 2.0, 0.1);

  @Test
  void backoffCapsDoubleFromTheInitialDelayUpToTheMaximum() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 40).stream().map(backoff::cap).toList()).containsExactly(
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
        Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void backoffDelaysAreSpreadOverTheWholeRangeBelowTheCap() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    RandomGenerator random = new SplittableRandom(42);

    List<Duration> delays = java.util.stream.IntStream.range(0, 1000)
        .mapToObj(i -> backoff.delay(3, random)).toList();

    assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(3999)));
    assertThat(delays).anySatisfy(d -> assertThat(d).isLessThan(Duration.ofMillis(500)));
    assertThat(delays).anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofMillis(3500)));
    assertThat(new RetryBackoff(Duration.ZERO, Duration.ZERO).delay(5, random)).isZero();
  }

  @Test
  void noBackupWhenEveryTaskTakesAboutAsLongAsTheMedian() {
    // Tasks take 20 s each; the one running now has run 21 s, a little over, far from twice the median.
    BackupPolicy.Candidate even = candidate(Duration.ofSeconds(21), Optional.of(Duration.ofSeconds(20)), 0, 10);

    assertThat(BACKUPS.choose(List.of(even), NOW)).isEmpty();
  }

  @Test
  void aTaskRunningLongerThanTwiceTheMedianGetsABackup() {
    BackupPolicy.Candidate straggler = candidate(Duration.ofSeconds(41), Optional.of(Duration.ofSeconds(20)), 0, 10);
    BackupPolicy.Candidate slowish = candidate(Duration.ofSeconds(45), Optional.of(Duration.ofSeconds(22)), 0, 10);

    assertThat(BACKUPS.choose(List.of(straggler, slowish), NOW)).as("the one furthest past its threshold")
        .contains(straggler);
  }

  @Test
  void aShortMedianDoesNotMakeAYoungAttemptAStraggler() {
    // Twice a 1 s median is 2 s, but nothing younger than the 10 s minimum runtime is slow.
    assertThat(BACKUPS.choose(List.of(candidate(Duration.ofSeconds(9), Optional.of(Duration.ofSeconds(1)), 0, 10)),
        NOW)).isEmpty();
    assertThat(BACKUPS.choose(List.of(candidate(Duration.ofSeconds(11), Optional.of(Duration.ofSeconds(1)), 0, 10)),
        NOW)).isPresent();
  }

  @Test
  void noBackupWithoutASucceededSiblingToCompareWith() {
    assertThat(BACKUPS.choose(List.of(candidate(Duration.ofHours(1), Optional.empty(), 0, 10)), NOW)).isEmpty();
  }

  @Test
  void aJobGetsBackupsForAtMostItsFractionOfTasksButAtLeastOne() {
    assertThat(BACKUPS.maxBackups(5)).isEqualTo(1);
    assertThat(BACKUPS.maxBackups(35)).isEqualTo(3);
    Duration median = Duration.ofSeconds(1);
    assertThat(BACKUPS.choose(List.of(candidate(Duration.ofMinutes(5), Optional.of(median), 3, 35)), NOW)).isEmpty();
    assertThat(BACKUPS.choose(List.of(candidate(Duration.ofMinutes(5), Optional.of(median), 2, 35)), NOW)).isPresent();
  }

  @Test
  void aMapRunsAgainAfterEnoughFetchFailuresOrAtOnceWhenItsWorkerIsGone() {
    FetchFailureRule rule = new FetchFailureRule(2);

    assertThat(rule.rerun(1, false)).isFalse();
    assertThat(rule.rerun(2, false)).isTrue();
    assertThat(rule.rerun(1, true)).isTrue();
  }

  @Test
  void workerTimesAreShiftedByTheWorkersOffsetAndUnknownWithoutOne() {
    // The worker's clock is 1.5 s ahead of ours.
    WorkerTimes shifted = WorkerTimes.shifted(10_000, 12_000, Optional.of(Duration.ofMillis(1500)));

    assertThat(shifted.startedAt()).contains(Instant.ofEpochMilli(8_500));
    assertThat(shifted.finishedAt()).contains(Instant.ofEpochMilli(10_500));
    assertThat(WorkerTimes.shifted(10_000, 0, Optional.of(Duration.ZERO)).finishedAt()).isEmpty();
    assertThat(WorkerTimes.shifted(10_000, 12_000, Optional.empty())).isEqualTo(WorkerTimes.UNKNOWN);
  }

  private static BackupPolicy.Candidate candidate(Duration running, Optional<Duration> median, long backups,
      long tasks) {
    return new BackupPolicy.Candidate(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(running), median, backups,
        tasks);
  }
}
