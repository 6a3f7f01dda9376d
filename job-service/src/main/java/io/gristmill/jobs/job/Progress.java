package io.gristmill.jobs.job;

import io.gristmill.jobs.task.TaskCount;
import io.gristmill.jobs.task.TaskKind;
import io.gristmill.jobs.task.TaskStatus;
import java.util.List;

/**
 * Task counts of one phase of a job.
 *
 * @param total tasks in the phase
 * @param succeeded tasks committed
 * @param running tasks with an attempt running
 * @param failed tasks that used up their attempts
 */
public record Progress(int total, int succeeded, int running, int failed) {

  static Progress of(TaskKind kind, List<TaskCount> counts) {
    int total = 0;
    int succeeded = 0;
    int running = 0;
    int failed = 0;
    for (TaskCount c : counts) {
      if (c.kind() != kind) {
        continue;
      }
      int n = Math.toIntExact(c.count());
      total += n;
      if (c.status() == TaskStatus.SUCCEEDED) {
        succeeded += n;
      } else if (c.status() == TaskStatus.RUNNING) {
        running += n;
      } else if (c.status() == TaskStatus.FAILED) {
        failed += n;
      }
    }
    return new Progress(total, succeeded, running, failed);
  }
}
