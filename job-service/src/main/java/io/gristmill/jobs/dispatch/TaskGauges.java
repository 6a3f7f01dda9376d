package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.JobStatus;
import io.gristmill.jobs.task.TaskRepository;
import io.gristmill.jobs.task.TaskStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumSet;
import org.springframework.stereotype.Component;

/**
 * Tasks waiting for and held by workers, counted in the database so every job-service replica reports the same
 * numbers: the signal that scales workers.
 */
@Component
class TaskGauges implements MeterBinder {

  private static final EnumSet<JobStatus> ACTIVE = EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING);

  private final TaskRepository tasks;

  TaskGauges(TaskRepository tasks) {
    this.tasks = tasks;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("gristmill.tasks.pending", tasks, t -> t.countInJobs(TaskStatus.PENDING, ACTIVE))
        .description("Tasks of active jobs waiting for a worker, including reduces waiting for their maps")
        .strongReference(true)
        .register(registry);
    Gauge.builder("gristmill.tasks.running", tasks, t -> t.countInJobs(TaskStatus.RUNNING, ACTIVE))
        .description("Tasks of active jobs with an attempt running on a worker")
        .strongReference(true)
        .register(registry);
  }
}
