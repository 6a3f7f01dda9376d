package io.gristmill.jobs.job;

import io.gristmill.jobs.system.NotFoundException;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.task.TaskKind;
import io.gristmill.jobs.task.TaskRepository;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads jobs with their progress. */
@Service
public class JobQueries {

  private final JobRepository jobs;
  private final TaskRepository tasks;
  private final AttemptRepository attempts;

  JobQueries(JobRepository jobs, TaskRepository tasks, AttemptRepository attempts) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.attempts = attempts;
  }

  /** The job and its progress; {@link NotFoundException} "job &lt;id&gt; not found". */
  @Transactional(readOnly = true)
  public JobView view(UUID jobId) {
    return viewOf(jobs.findWithParamsById(jobId).orElseThrow(() -> new NotFoundException("job " + jobId + " not found")));
  }

  /** The view of a job already loaded in the caller's transaction. */
  JobView viewOf(Job job) {
    UUID jobId = job.id();
    List<Object[]> progress = tasks.progressOf(jobId);
    // Touch the lazy collections while the session is open; the view leaves the transaction.
    job.inputFileIds();
    job.params();
    job.outputFileIds();
    Map<String, Long> counters = new TreeMap<>();
    for (Object[] row : attempts.committedCounterSums(jobId)) {
      counters.put((String) row[0], ((Number) row[1]).longValue());
    }
    return new JobView(job, Progress.of(TaskKind.MAP, progress), Progress.of(TaskKind.REDUCE, progress), counters);
  }
}
