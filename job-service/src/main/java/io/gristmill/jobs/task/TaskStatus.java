package io.gristmill.jobs.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of a task. A claimed task is RUNNING; a failed attempt puts it back to PENDING until the attempt
 * limit is used up, when it becomes FAILED; the first successful attempt makes it SUCCEEDED.
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
      case SUCCEEDED, FAILED -> EnumSet.noneOf(TaskStatus.class);
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
