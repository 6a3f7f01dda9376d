package io.gristmill.jobs.task;

import java.time.Instant;
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
   * @param startedAt when it started: as its worker measured it, shifted onto the job service's clock, when the
   *     worker reported it; else when it was claimed
   * @param finishedAt likewise; empty while it runs
   * @param backup a speculative copy started while another attempt of the task ran, not a retry
   */
  public record AttemptDetail(UUID id, UUID workerId, String workerHost, AttemptStatus status, Instant startedAt,
      Optional<Instant> finishedAt, Optional<String> error, Optional<String> stackTrace, boolean backup,
      Map<String, Long> counters) {}
}
