package io.gristmill.jobs.task;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AttemptRepository extends JpaRepository<Attempt, UUID> {

  /**
   * The job an attempt belongs to, read without loading entities so that the caller can lock the job first and
   * then load the attempt and task fresh under that lock.
   */
  @Query("select t.jobId from Attempt a join Task t on t.id = a.taskId where a.id = :attemptId")
  Optional<UUID> findJobIdOf(@Param("attemptId") UUID attemptId);
}
