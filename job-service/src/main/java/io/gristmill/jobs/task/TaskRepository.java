package io.gristmill.jobs.task;

import io.gristmill.jobs.job.JobStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface TaskRepository extends JpaRepository<Task, UUID> {

  /**
   * Row-locks the next runnable task for a worker, skipping tasks that another transaction is claiming, so that
   * concurrent claimers in any number of processes never get the same task. Runnable: PENDING, of a job still
   * active, past its retry backoff, for a reduce every map of its job SUCCEEDED, and not a task that FAILED on this
   * worker while another ALIVE worker exists that it has not failed on. Order: job priority (highest first), then
   * fairness (the job with the fewest running tasks first, so a small job is not starved behind a big one), then
   * locality (a map whose split has a replica on the worker's host), then submission order and task index.
   */
  @Query(value = """
      WITH running AS (
        SELECT job_id, count(*) AS n FROM {h-schema}task WHERE status = 'RUNNING' GROUP BY job_id)
      SELECT t.* FROM {h-schema}task t
        JOIN {h-schema}job j ON j.id = t.job_id
        LEFT JOIN running r ON r.job_id = t.job_id
      WHERE t.status = 'PENDING'
        AND j.status IN ('PENDING', 'RUNNING')
        AND (t.not_before IS NULL OR t.not_before <= :now)
        AND (t.kind = 'MAP' OR NOT EXISTS (
              SELECT 1 FROM {h-schema}task m
              WHERE m.job_id = t.job_id AND m.kind = 'MAP' AND m.status <> 'SUCCEEDED'))
        AND NOT (
              EXISTS (SELECT 1 FROM {h-schema}attempt f
                      WHERE f.task_id = t.id AND f.worker_id = :workerId AND f.status = 'FAILED')
          AND EXISTS (SELECT 1 FROM {h-schema}worker w
                      WHERE w.state = 'ALIVE' AND w.id <> :workerId
                        AND NOT EXISTS (SELECT 1 FROM {h-schema}attempt g
                                        WHERE g.task_id = t.id AND g.worker_id = w.id AND g.status = 'FAILED')))
      ORDER BY j.priority DESC,
        coalesce(r.n, 0),
        (t.kind = 'MAP' AND :host = ANY (t.replica_hosts)) DESC,
        j.submitted_at, j.id, t.kind, t.task_index
      LIMIT 1
      FOR UPDATE OF t SKIP LOCKED
      """, nativeQuery = true)
  Optional<Task> lockNextRunnable(@Param("workerId") UUID workerId, @Param("host") String host,
      @Param("now") Instant now);

  /**
   * Running tasks that could get a backup attempt for the worker: of an active job, with no PENDING task of their
   * kind left in it, exactly one running attempt (not on this worker) started before {@code startedBefore}, and no
   * backup yet. Rows of (task id, job id, attempt start in epoch seconds, median seconds of the job's succeeded
   * attempts of that kind or null, backups the job had, tasks of the job), highest priority and oldest first.
   */
  @Query(value = """
      SELECT t.id, t.job_id, extract(epoch FROM a.started_at),
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.finished_at - s.started_at))
           FROM {h-schema}attempt s JOIN {h-schema}task st ON st.id = s.task_id
           WHERE st.job_id = t.job_id AND st.kind = t.kind AND s.status = 'SUCCEEDED'),
        (SELECT count(*) FROM {h-schema}attempt b JOIN {h-schema}task bt ON bt.id = b.task_id
           WHERE bt.job_id = t.job_id AND b.backup),
        (SELECT count(*) FROM {h-schema}task c WHERE c.job_id = t.job_id)
      FROM {h-schema}task t
        JOIN {h-schema}job j ON j.id = t.job_id
        JOIN {h-schema}attempt a ON a.task_id = t.id AND a.status = 'RUNNING'
      WHERE t.status = 'RUNNING'
        AND j.status IN ('PENDING', 'RUNNING')
        AND a.worker_id <> :workerId
        AND a.started_at < :startedBefore
        AND NOT EXISTS (SELECT 1 FROM {h-schema}attempt o WHERE o.task_id = t.id AND o.id <> a.id
                          AND (o.status = 'RUNNING' OR o.backup))
        AND NOT EXISTS (SELECT 1 FROM {h-schema}task p
                          WHERE p.job_id = t.job_id AND p.kind = t.kind AND p.status = 'PENDING')
      ORDER BY j.priority DESC, a.started_at
      LIMIT 100
      """, nativeQuery = true)
  List<Object[]> findBackupCandidates(@Param("workerId") UUID workerId,
      @Param("startedBefore") Instant startedBefore);

  /** Active jobs holding a committed map output of the worker, without loading entities. */
  @Query("""
      select distinct t.jobId from Task t join Attempt a on a.id = t.succeededAttemptId
        join io.gristmill.jobs.job.Job j on j.id = t.jobId
      where a.workerId = :workerId and t.kind = io.gristmill.jobs.task.TaskKind.MAP
        and t.status = io.gristmill.jobs.task.TaskStatus.SUCCEEDED
        and j.status in (io.gristmill.jobs.job.JobStatus.PENDING, io.gristmill.jobs.job.JobStatus.RUNNING)
      """)
  List<UUID> findJobIdsWithMapOutputsOn(@Param("workerId") UUID workerId);

  @Query("""
      select t from Task t join Attempt a on a.id = t.succeededAttemptId
      where t.jobId = :jobId and a.workerId = :workerId and t.kind = io.gristmill.jobs.task.TaskKind.MAP
        and t.status = io.gristmill.jobs.task.TaskStatus.SUCCEEDED
      order by t.index
      """)
  List<Task> findMapsCommittedOnInJob(@Param("workerId") UUID workerId, @Param("jobId") UUID jobId);

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
