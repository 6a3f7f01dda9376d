package io.gristmill.jobs.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A task with its attempts in start order, as the job's task table and timeline show it.
 *
 * @param task the task
 * @param attempts its attempts, oldest first
 */
public record TaskDetail(Task task, List<AttemptDetail> attempts) {

  /**
   * @param backup started while an earlier attempt of the same task was still running: a speculative copy,
   *     not a retry
   */
  public record AttemptDetail(UUID id, UUID workerId, String workerHost, AttemptStatus status, Instant startedAt,
      Optional<Instant> finishedAt, Optional<String> error, Optional<String> stackTrace, boolean backup,
      Map<String, Long> counters) {}

  /** Marks backups among attempts of one task, given oldest first: an attempt is one if an earlier one overlaps it. */
  static List<Boolean> backups(List<Attempt> attempts) {
    List<Boolean> backups = new ArrayList<>(attempts.size());
    for (int i = 0; i < attempts.size(); i++) {
      Instant start = attempts.get(i).startedAt();
      boolean overlapped = false;
      for (int j = 0; j < i; j++) {
        Optional<Instant> earlierEnd = attempts.get(j).finishedAt();
        overlapped |= earlierEnd.isEmpty() || earlierEnd.get().isAfter(start);
      }
      backups.add(overlapped);
    }
    return backups;
  }
}
