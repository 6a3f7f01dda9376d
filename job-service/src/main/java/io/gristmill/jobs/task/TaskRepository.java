package io.gristmill.jobs.task;

import io.gristmill.jobs.job.JobStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface TaskRepository extends JpaRepository<Task, UUID> {

  /**
   * Row-locks the next runnable task, skipping tasks that another transaction is claiming, so that concurrent
   * claimers in any number of processes never get the same task. Runnable: PENDING, of a job still active, and
   * for a reduce, every map of its job SUCCEEDED. Oldest job first, then lowest index.
   */
  @Query(value = """
      SELECT t.* FROM {h-schema}task t JOIN {h-schema}job j ON j.id = t.job_id
      WHERE t.status = 'PENDING'
        AND j.status IN ('PENDING', 'RUNNING')
        AND (t.kind = 'MAP' OR NOT EXISTS (
              SELECT 1 FROM {h-schema}task m
              WHERE m.job_id = t.job_id AND m.kind = 'MAP' AND m.status <> 'SUCCEEDED'))
      ORDER BY j.submitted_at, j.id, t.task_index
      LIMIT 1
      FOR UPDATE OF t SKIP LOCKED
      """, nativeQuery = true)
  Optional<Task> lockNextRunnable();

  List<Task> findByJobIdAndKindOrderByIndex(UUID jobId, TaskKind kind);

  long countByJobIdAndKindAndStatusNot(UUID jobId, TaskKind kind, TaskStatus status);

  @Query("""
      select new io.gristmill.jobs.task.MapOutputLocation(t.index, a.id, w.shuffleAddress, a.intermediateFileId)
      from Task t join Attempt a on a.id = t.succeededAttemptId join Worker w on w.id = a.workerId
      where t.jobId = :jobId and t.kind = io.gristmill.jobs.task.TaskKind.MAP
      order by t.index
      """)
  List<MapOutputLocation> mapOutputsOf(@Param("jobId") UUID jobId);

  @Query("""
      select new io.gristmill.jobs.task.TaskCount(t.kind, t.status, count(t))
      from Task t where t.jobId = :jobId group by t.kind, t.status
      """)
  List<TaskCount> countsOf(@Param("jobId") UUID jobId);

  /** Tasks in {@code status} of jobs in {@code jobStatuses}: the load the workers have in front of them. */
  @Query("""
      select count(t) from Task t join Job j on j.id = t.jobId
      where t.status = :status and j.status in :jobStatuses
      """)
  long countInJobs(@Param("status") TaskStatus status,
      @Param("jobStatuses") Collection<JobStatus> jobStatuses);
}
