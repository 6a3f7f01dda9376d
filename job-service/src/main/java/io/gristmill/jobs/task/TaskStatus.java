package io.gristmill.jobs.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of a task. A claimed task is RUNNING while at least one attempt runs (two when a backup runs); when
 * its last running attempt fails or is lost it goes back to PENDING, or to FAILED once its limit is used up; the
 * first successful attempt makes it SUCCEEDED. A SUCCEEDED map goes back to PENDING when its output is lost while
 * reduces still need it (re-execution).
 */
public enum TaskStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED;

  /** Statuses this one may move to. */
  public Set<TaskStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(RUNNING);
      case RUNNING -> EnumSet.of(SUCCEEDED, PENDING, FAILED);
      case SUCCEEDED -> EnumSet.of(PENDING);
      case FAILED -> EnumSet.noneOf(TaskStatus.class);
    };
  }

  /** The status after moving to {@code target}; throws {@link IllegalStateException} when that is not allowed. */
  public TaskStatus moveTo(TaskStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("task cannot move from " + this + " to " + target);
    }
    return target;
  }
}
