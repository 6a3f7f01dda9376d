package io.gristmill.jobs.task;

import java.util.EnumSet;
import java.util.Set;

/** Life cycle of one attempt at a task: it runs, then succeeds or fails, once. */
public enum AttemptStatus {
  RUNNING,
  SUCCEEDED,
  FAILED;

  /** Statuses this one may move to. */
  public Set<AttemptStatus> next() {
    return switch (this) {
      case RUNNING -> EnumSet.of(SUCCEEDED, FAILED);
      case SUCCEEDED, FAILED -> EnumSet.noneOf(AttemptStatus.class);
    };
  }

  /** The status after moving to {@code target}; throws {@link IllegalStateException} when that is not allowed. */
  public AttemptStatus moveTo(AttemptStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("attempt cannot move from " + this + " to " + target);
    }
    return target;
  }
}
