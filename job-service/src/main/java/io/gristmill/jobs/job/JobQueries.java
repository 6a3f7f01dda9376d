package io.gristmill.jobs.job;

import io.gristmill.jobs.system.NotFoundException;
import io.gristmill.jobs.task.TaskCount;
import io.gristmill.jobs.task.TaskKind;
import io.gristmill.jobs.task.TaskRepository;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads jobs with their progress. */
@Service
public class JobQueries {

  private final JobRepository jobs;
  private final TaskRepository tasks;

  JobQueries(JobRepository jobs, TaskRepository tasks) {
    this.jobs = jobs;
    this.tasks = tasks;
  }

  /** The job and its progress; {@link NotFoundException} "job &lt;id&gt; not found". */
  @Transactional(readOnly = true)
  public JobView view(UUID jobId) {
    Job job = jobs.findById(jobId).orElseThrow(() -> new NotFoundException("job " + jobId + " not found"));
    List<TaskCount> counts = tasks.countsOf(jobId);
    // Touch the lazy collections while the session is open; the view leaves the transaction.
    job.inputFileIds();
    job.params();
    job.outputFileIds();
    return new JobView(job, Progress.of(TaskKind.MAP, counts), Progress.of(TaskKind.REDUCE, counts));
  }
}
