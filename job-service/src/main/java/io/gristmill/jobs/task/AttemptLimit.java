package io.gristmill.jobs.task;

/**
 * How many attempts a task gets before it, and with it the job, fails.
 *
 * @param maxAttempts attempts per task, at least 1
 */
public record AttemptLimit(int maxAttempts) {

  public AttemptLimit {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /** Where a running task goes after one of its attempts failed, given how many attempts it has started. */
  public TaskStatus afterFailedAttempt(int attemptsStarted) {
    return attemptsStarted >= maxAttempts ? TaskStatus.FAILED : TaskStatus.PENDING;
  }
}
