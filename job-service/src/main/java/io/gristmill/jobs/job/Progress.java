package io.gristmill.jobs.job;

import io.gristmill.jobs.task.TaskKind;
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

  /** The progress of {@code kind} among rows of (kind, total, succeeded, running, failed); zeros when absent. */
  static Progress of(TaskKind kind, List<Object[]> rows) {
    for (Object[] row : rows) {
      if (kind.name().equals(row[0])) {
        return new Progress(count(row[1]), count(row[2]), count(row[3]), count(row[4]));
      }
    }
    return new Progress(0, 0, 0, 0);
  }

  private static int count(Object value) {
    return Math.toIntExact(((Number) value).longValue());
  }
}
