package io.gristmill.jobs.worker;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface WorkerRepository extends JpaRepository<Worker, UUID> {

  Optional<Worker> findByRequestId(String requestId);

  /** Loads and row-locks a worker: heartbeats, departures and claims for it serialise on this row. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select w from Worker w where w.id = :id")
  Optional<Worker> lockById(@Param("id") UUID id);

  /** Loads and share-locks a worker: a claim for it holds this, so it cannot be declared dead meanwhile. */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query("select w from Worker w where w.id = :id")
  Optional<Worker> lockSharedById(@Param("id") UUID id);

  /** The worker, row-locked, if it is still present and silent since before {@code cutoff}; skips a held row. */
  @Query(value = """
      SELECT * FROM {h-schema}worker
      WHERE id = :id AND state IN ('ALIVE', 'DRAINING') AND last_heartbeat < :cutoff
      FOR UPDATE SKIP LOCKED
      """, nativeQuery = true)
  Optional<Worker> lockIfSilentSince(@Param("id") UUID id, @Param("cutoff") Instant cutoff);

  @Query("""
      select w.id from Worker w
      where w.state in (io.gristmill.jobs.worker.WorkerState.ALIVE, io.gristmill.jobs.worker.WorkerState.DRAINING)
        and w.lastHeartbeat < :cutoff
      order by w.id
      """)
  List<UUID> findIdsSilentSince(@Param("cutoff") Instant cutoff);

  /** Whether a present worker other than {@code workerId} exists, for the retry placement rule. */
  @Query("""
      select count(w) > 0 from Worker w
      where w.id <> :workerId and w.state = io.gristmill.jobs.worker.WorkerState.ALIVE
      """)
  boolean anotherIsAlive(@Param("workerId") UUID workerId);

  /** Forgets the request ids of registrations older than {@code cutoff}; returns how many. */
  @Modifying
  @Query("update Worker w set w.requestId = null where w.requestId is not null and w.registeredAt < :cutoff")
  int forgetRequestIdsBefore(@Param("cutoff") Instant cutoff);
}
