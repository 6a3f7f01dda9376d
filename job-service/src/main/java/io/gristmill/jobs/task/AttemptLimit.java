package io.gristmill.jobs.task;

/**
 * How many attempts a task gets before it, and with it the job, fails. Only FAILED attempts (the task's own code
 * or input failed) use up {@code maxAttempts}: a worker that dies under a task is not the task's fault. Lost
 * attempts have a bound of their own, so that a task that takes down every worker it runs on still ends.
 *
 * @param maxAttempts FAILED attempts per task, at least 1
 * @param maxLostAttempts LOST attempts per task, at least 1
 */
public record AttemptLimit(int maxAttempts, int maxLostAttempts) {

  public AttemptLimit {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (maxLostAttempts < 1) {
      throw new IllegalArgumentException("maxLostAttempts must be at least 1, got " + maxLostAttempts);
    }
  }

  /** Where a running task goes after one of its attempts failed. */
  public TaskStatus afterFailure(int failedAttempts, boolean othersRunning) {
    return after(failedAttempts >= maxAttempts, othersRunning);
  }

  /** Where a running task goes after one of its attempts was lost with its worker. */
  public TaskStatus afterLoss(int lostAttempts, boolean othersRunning) {
    return after(lostAttempts >= maxLostAttempts, othersRunning);
  }

  /** Where a running task goes after an attempt ended through no fault of the task (a reduce's fetch failure). */
  public static TaskStatus afterNoFault(boolean othersRunning) {
    return othersRunning ? TaskStatus.RUNNING : TaskStatus.PENDING;
  }

  private static TaskStatus after(boolean usedUp, boolean othersRunning) {
    if (usedUp) {
      return TaskStatus.FAILED;
    }
    return afterNoFault(othersRunning);
  }
}
