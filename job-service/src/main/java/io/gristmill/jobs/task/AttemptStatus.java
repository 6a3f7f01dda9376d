package io.gristmill.jobs.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of one attempt at a task. A running attempt ends once: SUCCEEDED (it committed), FAILED (its code or
 * input failed), KILLED (the job service stopped it: its job ended or was cancelled, or another attempt of its task
 * committed first) or LOST (its worker died or left, or its lease ran out). A SUCCEEDED map attempt becomes LOST
 * when its output, kept on its worker's disk, is gone while reduces still need it.
 */
public enum AttemptStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED,
  LOST;

  /** Statuses this one may move to. */
  public Set<AttemptStatus> next() {
    return switch (this) {
      case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, KILLED, LOST);
      case SUCCEEDED -> EnumSet.of(LOST);
      case FAILED, KILLED, LOST -> EnumSet.noneOf(AttemptStatus.class);
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
