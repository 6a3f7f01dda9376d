package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.IntermediateData;
import io.gristmill.jobs.job.Job;
import io.gristmill.jobs.job.JobEnded;
import io.gristmill.jobs.task.Attempt;
import io.gristmill.jobs.task.AttemptRepository;
import io.gristmill.jobs.task.MapOutputLocation;
import io.gristmill.jobs.task.TaskRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What happens when a job ends, whichever way: attempts still running are KILLED (their workers hear it in the
 * next heartbeat reply and discard their output), and map outputs kept in the blob store are released. Callers
 * hold the job's row lock.
 */
@Component
public class JobEnding {

  private static final Logger log = LoggerFactory.getLogger(JobEnding.class);

  private final TaskRepository tasks;
  private final AttemptRepository attempts;
  private final ApplicationEventPublisher events;
  private final SchedulingMetrics metrics;

  JobEnding(TaskRepository tasks, AttemptRepository attempts, ApplicationEventPublisher events,
      SchedulingMetrics metrics) {
    this.tasks = tasks;
    this.attempts = attempts;
    this.events = events;
    this.metrics = metrics;
  }

  /** The job was cancelled (its status already moved); stops its attempts and frees its stored map outputs. */
  public void cancelled(Job job, Instant now) {
    ended(job, "job cancelled", now);
  }

  void failed(Job job, String reason, Instant now) {
    job.failed(reason, now);
    log.info("job failed: {}", reason);
    ended(job, "job failed", now);
  }

  void succeeded(Job job, List<String> outputs, Instant now) {
    job.succeeded(outputs, now);
    log.info("job succeeded with {} output files", outputs.size());
    ended(job, "job succeeded", now);
  }

  private void ended(Job job, String reason, Instant now) {
    // Map claims do not take the job's row lock: wait for those under way, so that their attempts are seen here.
    tasks.lockPendingMapsOf(job.id());
    List<Attempt> running = attempts.findRunningOfJob(job.id());
    running.forEach(attempt -> attempt.killed(reason, now));
    metrics.attemptsKilled.increment(running.size());
    events.publishEvent(new JobEnded(job.id()));
    if (IntermediateData.of(job.params()) == IntermediateData.STORAGE) {
      List<String> fileIds = tasks.mapOutputsOf(job.id()).stream()
          .map(MapOutputLocation::intermediateFileId)
          .filter(Objects::nonNull)
          .toList();
      events.publishEvent(new IntermediateFilesReleased(job.id(), fileIds));
    }
  }
}
