package io.gristmill.jobs.job;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JobRepository extends JpaRepository<Job, UUID> {

  Optional<Job> findByOwnerAndRequestId(String owner, String requestId);

  /** Forgets the request ids of submissions older than {@code cutoff}; returns how many. */
  @Modifying
  @Query("""
      update Job j set j.requestId = null, j.requestFingerprint = null
      where j.requestId is not null and j.submittedAt < :cutoff""")
  int forgetRequestIdsBefore(@Param("cutoff") Instant cutoff);

  /** One page of jobs in {@code statuses}, newest first; a null owner or type matches every one. */
  @Query(value = """
      select j from Job j
      where (:owner is null or j.owner = :owner)
        and (:type is null or j.type = :type)
        and j.status in :statuses
      order by j.submittedAt desc, j.id desc
      """, countQuery = """
      select count(j) from Job j
      where (:owner is null or j.owner = :owner)
        and (:type is null or j.type = :type)
        and j.status in :statuses
      """)
  Page<Job> list(@Param("owner") String owner, @Param("type") String type, @Param("statuses") Collection<JobStatus> statuses, Pageable page);

  /** Of the jobs {@code ids}, those whose status is one of {@code statuses}. */
  @Query("select j.id from Job j where j.id in :ids and j.status in :statuses")
  List<UUID> idsAmongIn(@Param("ids") Collection<UUID> ids, @Param("statuses") Collection<JobStatus> statuses);

  /** A job with its parameters, in one query: the job view shows them on every GetJob (a client polling). */
  @Query("select j from Job j left join fetch j.params where j.id = :id")
  Optional<Job> findWithParamsById(@Param("id") UUID id);

  /**
   * Loads and row-locks a job. Everything that changes a job's tasks holds this lock, so changes to one job are
   * serialised across every job-service process while different jobs proceed in parallel. Its parameters are not
   * fetched with it: with a collection fetch Hibernate locks in a second statement after an unlocked read, which
   * costs the round trip that a fetch would save.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select j from Job j where j.id = :id")
  Optional<Job> lockById(@Param("id") UUID id);
}
