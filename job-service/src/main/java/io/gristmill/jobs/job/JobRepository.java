package io.gristmill.jobs.job;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JobRepository extends JpaRepository<Job, UUID> {

  /**
   * Loads and row-locks a job. Everything that changes a job's tasks holds this lock, so changes to one job are
   * serialised across every job-service process while different jobs proceed in parallel.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select j from Job j where j.id = :id")
  Optional<Job> lockById(@Param("id") UUID id);
}
