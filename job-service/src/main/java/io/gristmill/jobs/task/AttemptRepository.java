package io.gristmill.jobs.task;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AttemptRepository extends JpaRepository<Attempt, UUID> {

  List<Attempt> findByTaskIdInOrderByStartedAtAscIdAsc(Collection<UUID> taskIds);

  List<Attempt> findByTaskIdAndStatus(UUID taskId, AttemptStatus status);

  /** Running attempts per worker, for the workers list. */
  @Query("""
      select a.workerId as workerId, count(a) as running from Attempt a
      where a.status = io.gristmill.jobs.task.AttemptStatus.RUNNING group by a.workerId
      """)
  List<RunningCount> countRunningByWorker();

  /** Number of running attempts on one worker. */
  interface RunningCount {
    UUID getWorkerId();

    long getRunning();
  }

  /**
   * The job an attempt belongs to, read without loading entities so that the caller can lock the job first and
   * then load the attempt and task fresh under that lock.
   */
  @Query("select t.jobId from Attempt a join Task t on t.id = a.taskId where a.id = :attemptId")
  Optional<UUID> findJobIdOf(@Param("attemptId") UUID attemptId);

  /**
   * The attempt with its task and the worker it was started on, in one query, as rows of (Attempt, Task, Worker):
   * one row, or none for an unknown attempt. Callers hold the job's lock, so what they read is current.
   */
  @Query("""
      select a, t, w from Attempt a join Task t on t.id = a.taskId join io.gristmill.jobs.worker.Worker w on w.id = a.workerId
      where a.id = :attemptId
      """)
  List<Object[]> findWithTaskAndWorker(@Param("attemptId") UUID attemptId);

  /** The jobs of several attempts, as {@link #findJobIdOf}: rows of (attempt id, job id); unknown ids have none. */
  @Query("select a.id, t.jobId from Attempt a join Task t on t.id = a.taskId where a.id in :attemptIds")
  List<Object[]> findJobIdsOf(@Param("attemptIds") Collection<UUID> attemptIds);

  /**
   * As {@link #findWithTaskAndWorker}, for several attempts at once: a row per known attempt. The attempts' counters
   * come with them, so that a completion adds its counters without reading them first.
   */
  @Query("""
      select a, t, w from Attempt a left join fetch a.counters join Task t on t.id = a.taskId
      join io.gristmill.jobs.worker.Worker w on w.id = a.workerId
      where a.id in :attemptIds
      """)
  List<Object[]> findAllWithTaskAndWorker(@Param("attemptIds") Collection<UUID> attemptIds);

  @Query("""
      select a from Attempt a join Task t on t.id = a.taskId
      where t.jobId = :jobId and a.status = io.gristmill.jobs.task.AttemptStatus.RUNNING
      """)
  List<Attempt> findRunningOfJob(@Param("jobId") UUID jobId);

  /** Jobs with an attempt running on the worker, without loading entities (the caller locks each job first). */
  @Query("""
      select distinct t.jobId from Attempt a join Task t on t.id = a.taskId
      where a.workerId = :workerId and a.status = io.gristmill.jobs.task.AttemptStatus.RUNNING
      """)
  List<UUID> findJobIdsRunningOn(@Param("workerId") UUID workerId);

  @Query("""
      select a from Attempt a join Task t on t.id = a.taskId
      where t.jobId = :jobId and a.workerId = :workerId and a.status = io.gristmill.jobs.task.AttemptStatus.RUNNING
      """)
  List<Attempt> findRunningOnInJob(@Param("workerId") UUID workerId, @Param("jobId") UUID jobId);

  /** Running attempts whose lease ran out before {@code now}, with their jobs: rows of (attempt id, job id). */
  @Query("""
      select a.id, t.jobId from Attempt a join Task t on t.id = a.taskId
      where a.status = io.gristmill.jobs.task.AttemptStatus.RUNNING and a.leaseExpiresAt < :now
      order by t.jobId
      """)
  List<Object[]> findLeaseExpiredBefore(@Param("now") Instant now);

  /** Which of {@code ids} run on the worker, in a job still active: the attempts the worker should go on with. */
  @Query("""
      select a.id from Attempt a join Task t on t.id = a.taskId join io.gristmill.jobs.job.Job j on j.id = t.jobId
      where a.id in :ids and a.workerId = :workerId and a.status = io.gristmill.jobs.task.AttemptStatus.RUNNING
        and j.status in (io.gristmill.jobs.job.JobStatus.PENDING, io.gristmill.jobs.job.JobStatus.RUNNING)
      """)
  List<UUID> findStillRunning(@Param("workerId") UUID workerId, @Param("ids") Collection<UUID> ids);

  /**
   * Renews leases in bulk: a lease is not part of an attempt's life cycle, and a heartbeat renews every attempt
   * of its worker at once. Callers pass only ids of running attempts of the heartbeating worker.
   *
   * <p>Skips the rows another transaction holds: a completion batch, a kill or a loss of that attempt under way.
   * Waiting for them deadlocked with completion batches, which take the same rows one by one in their own order
   * (five deadlocks in four 1,000-task jobs; two failed heartbeats in a row got a live worker declared dead and
   * 592 of its attempts lost). A skipped renewal is harmless: that transaction ends the attempt, or it rolls back
   * and the worker's next heartbeat renews the lease, which spans several heartbeat intervals.
   *
   * @return the number of leases renewed
   */
  @Modifying
  @Query(value = """
      UPDATE {h-schema}attempt SET lease_expires_at = :until
      WHERE id IN (SELECT id FROM {h-schema}attempt WHERE id IN (:ids) FOR NO KEY UPDATE SKIP LOCKED)""",
      nativeQuery = true)
  int renewLeases(@Param("ids") Collection<UUID> ids, @Param("until") Instant until);

  /** Records that a reduce attempt could not fetch a map attempt's output; a repeat changes nothing. */
  @Modifying
  @Query(value = """
      INSERT INTO {h-schema}fetch_failure (map_attempt_id, reduce_attempt_id, error, reported_at)
      VALUES (:mapAttemptId, :reduceAttemptId, :error, :now) ON CONFLICT DO NOTHING""", nativeQuery = true)
  int recordFetchFailure(@Param("mapAttemptId") UUID mapAttemptId, @Param("reduceAttemptId") UUID reduceAttemptId,
      @Param("error") String error, @Param("now") Instant now);

  /** Distinct reduce attempts that reported they could not fetch the map attempt's output. */
  @Query(value = "SELECT count(*) FROM {h-schema}fetch_failure WHERE map_attempt_id = :mapAttemptId",
      nativeQuery = true)
  long countFetchFailures(@Param("mapAttemptId") UUID mapAttemptId);

  /**
   * Each counter's sum over the committed attempt of every task of the job (failed, lost and discarded attempts
   * do not count): rows of (name, sum). Read from {@code job_counter}, which a trigger keeps at the end of every
   * transaction that changes a task's committed attempt, instead of summing the counters of every attempt.
   */
  @Query(value = """
      SELECT name, value FROM {h-schema}job_counter WHERE job_id = :jobId AND attempts > 0""", nativeQuery = true)
  List<Object[]> committedCounterSums(@Param("jobId") UUID jobId);
}
