package io.gristmill.jobs.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of a job. A job starts PENDING, becomes RUNNING when a worker claims its first task, and ends
 * SUCCEEDED (every reduce committed), FAILED (a task ran out of attempts) or CANCELLED.
 */
public enum JobStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Statuses this one may move to. */
  public Set<JobStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
      case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
      case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
    };
  }

  /** The status after moving to {@code target}; throws {@link IllegalStateException} when that is not allowed. */
  public JobStatus moveTo(JobStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("job cannot move from " + this + " to " + target);
    }
    return target;
  }

  /** Whether tasks of a job in this status may still be handed out and committed. */
  public boolean isActive() {
    return this == PENDING || this == RUNNING;
  }
}
