package io.gristmill.jobs.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AttemptRepository extends JpaRepository<Attempt, UUID> {

  List<Attempt> findByTaskIdInOrderByStartedAtAscIdAsc(Collection<UUID> taskIds);

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
   * Each counter's sum over the committed attempt of every task of the job (failed, lost and discarded attempts
   * do not count): rows of (name, sum).
   */
  @Query(value = """
      select c.name, sum(c.value) from jobs.attempt_counter c join jobs.task t on t.succeeded_attempt_id = c.attempt_id
      where t.job_id = :jobId group by c.name""", nativeQuery = true)
  List<Object[]> committedCounterSums(@Param("jobId") UUID jobId);
}
