package io.gristmill.jobs.task;

import io.gristmill.jobs.job.JobStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface TaskRepository extends JpaRepository<Task, UUID> {

  /**
   * Active jobs with a PENDING task, in the order their tasks are offered to a worker: priority (highest first),
   * then fairness (the job with the fewest running tasks first, so a small job is not starved behind a big one),
   * then submission order. Rows of (job id, priority, running tasks, job status). A few rows, whatever the jobs'
   * sizes, so a claim never sorts every pending task.
   */
  @Query(value = """
      SELECT j.id, j.priority,
        (SELECT count(*) FROM {h-schema}task r WHERE r.job_id = j.id AND r.status = 'RUNNING') AS running,
        j.status
      FROM {h-schema}job j
      WHERE j.status IN ('PENDING', 'RUNNING')
        AND EXISTS (SELECT 1 FROM {h-schema}task p WHERE p.job_id = j.id AND p.status = 'PENDING')
      ORDER BY j.priority DESC, running, j.submitted_at, j.id
      """, nativeQuery = true)
  List<Object[]> findJobsInClaimOrder();

  /**
   * Row-locks the runnable tasks of the job with the lowest indexes for a worker, at most {@code limit}, skipping tasks that another
   * transaction is claiming, so that concurrent claimers in any number of processes never get the same task; with
   * {@code localOnly}, only a map whose split has a replica on {@code host}. Runnable: PENDING, past its retry
   * backoff, for a reduce every map of its job SUCCEEDED, and not a task that FAILED on this worker while another
   * ALIVE worker exists that it has not failed on. A job's runnable tasks are all maps or all reduces (reduces wait
   * for every map), so the index order is the kind-then-index order, read from the pending-task index.
   */
  @Query(value = """
      SELECT t.* FROM {h-schema}task t
      WHERE t.job_id = :jobId
        AND t.status = 'PENDING'
        AND (t.not_before IS NULL OR t.not_before <= :now)
        AND (NOT :localOnly OR (t.kind = 'MAP' AND :host = ANY (t.replica_hosts)))
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
      ORDER BY t.task_index
      LIMIT :limit
      FOR UPDATE OF t SKIP LOCKED
      """, nativeQuery = true)
  List<Task> lockNextRunnableOf(@Param("jobId") UUID jobId, @Param("workerId") UUID workerId,
      @Param("host") String host, @Param("localOnly") boolean localOnly, @Param("now") Instant now,
      @Param("limit") int limit);

  /**
   * Row-locks the job's PENDING maps, waiting for rows another transaction holds. A job's end takes them before
   * it reads the attempts it stops: a map claim holds the rows of the tasks it claims but only reads the job row,
   * so this waits for the map claims under way (a row they moved to RUNNING is then no longer PENDING and not
   * returned) and the attempts they made are seen; claims that come later skip the rows until the end commits,
   * and then find the job ended.
   */
  @Query(value = """
      SELECT t.id FROM {h-schema}task t WHERE t.job_id = :jobId AND t.kind = 'MAP' AND t.status = 'PENDING'
      FOR UPDATE""", nativeQuery = true)
  List<UUID> lockPendingMapsOf(@Param("jobId") UUID jobId);

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

  /**
   * The job's progress per kind, without counting all its task rows: totals, SUCCEEDED and FAILED from its
   * {@code task_progress} row ({@link #recordCountsOf} counts a new job's tasks, and a trigger keeps the outcomes
   * in the transaction that changes a task's status), RUNNING tasks counted from their index; one statement, so
   * one snapshot. Rows of (kind, total, succeeded, running, failed); empty for an unknown job.
   */
  @Query(value = """
      SELECT 'MAP', p.map_total, p.map_succeeded,
        (SELECT count(*) FROM {h-schema}task r WHERE r.job_id = p.job_id AND r.status = 'RUNNING' AND r.kind = 'MAP'),
        p.map_failed
      FROM {h-schema}task_progress p WHERE p.job_id = :jobId
      UNION ALL
      SELECT 'REDUCE', p.reduce_total, p.reduce_succeeded,
        (SELECT count(*) FROM {h-schema}task r WHERE r.job_id = p.job_id AND r.status = 'RUNNING'
           AND r.kind = 'REDUCE'),
        p.reduce_failed
      FROM {h-schema}task_progress p WHERE p.job_id = :jobId""", nativeQuery = true)
  List<Object[]> progressOf(@Param("jobId") UUID jobId);

  /**
   * Counts a new job's tasks from its rows (flushed first) into its {@code task_progress} row, in the
   * submission's transaction; from then on the trigger keeps the counts.
   */
  @Modifying(flushAutomatically = true)
  @Query(value = """
      INSERT INTO {h-schema}task_progress
      SELECT :jobId,
        count(*) FILTER (WHERE kind = 'MAP'),
        count(*) FILTER (WHERE kind = 'MAP' AND status = 'SUCCEEDED'),
        count(*) FILTER (WHERE kind = 'MAP' AND status = 'FAILED'),
        count(*) FILTER (WHERE kind = 'REDUCE'),
        count(*) FILTER (WHERE kind = 'REDUCE' AND status = 'SUCCEEDED'),
        count(*) FILTER (WHERE kind = 'REDUCE' AND status = 'FAILED')
      FROM {h-schema}task WHERE job_id = :jobId""", nativeQuery = true)
  int recordCountsOf(@Param("jobId") UUID jobId);

  /** Tasks in {@code status} of jobs in {@code jobStatuses}: the load the workers have in front of them. */
  @Query("""
      select count(t) from Task t join Job j on j.id = t.jobId
      where t.status = :status and j.status in :jobStatuses
      """)
  long countInJobs(@Param("status") TaskStatus status,
      @Param("jobStatuses") Collection<JobStatus> jobStatuses);
}
