package io.gristmill.jobs.worker;

import io.gristmill.jobs.system.InvalidRequestException;
import io.gristmill.jobs.system.NotFoundException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Registers workers and records that they are alive. */
@Service
public class WorkerRegistry {

  private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);
  private static final int MAX_REQUEST_ID = 200;

  private final WorkerRepository workers;
  private final TransactionTemplate transaction;
  private final Clock clock;

  WorkerRegistry(WorkerRepository workers, TransactionTemplate transaction, Clock clock) {
    this.workers = workers;
    this.transaction = transaction;
    this.clock = clock;
  }

  /**
   * At most once per request id: a retry (after a lost answer, or racing the first call) returns the worker the
   * first call recorded. The unique index on request_id lets exactly one insert win; the loser reads the winner.
   */
  public Worker register(WorkerRegistration registration) {
    validate(registration);
    Optional<Worker> earlier = workers.findByRequestId(registration.requestId());
    if (earlier.isPresent()) {
      return earlier.get();
    }
    try {
      Worker worker = transaction.execute(status ->
          workers.saveAndFlush(new Worker(registration, registration.requestId(), clock.instant())));
      log.info("worker {} registered: host {}, pid {}, {} slots", worker.id(), worker.host(), worker.pid(),
          worker.slots());
      return worker;
    } catch (DataIntegrityViolationException raced) {
      return workers.findByRequestId(registration.requestId()).orElseThrow(() -> raced);
    }
  }

  private static void validate(WorkerRegistration registration) {
    if (registration.slots() < 1) {
      throw new InvalidRequestException("slots must be at least 1, got " + registration.slots());
    }
    if (registration.shuffleAddress().isBlank()) {
      throw new InvalidRequestException("shuffle_address is required");
    }
    if (registration.requestId().isBlank()) {
      throw new InvalidRequestException("request_id is required, so that a retried registration is recognised");
    }
    if (registration.requestId().length() > MAX_REQUEST_ID) {
      throw new InvalidRequestException("request id is " + registration.requestId().length()
          + " characters long; at most " + MAX_REQUEST_ID + " are allowed");
    }
  }

  /**
   * Records a heartbeat in the caller's transaction, holding the worker's row lock until it commits.
   * {@link WorkerGoneException} when the worker was declared dead or left.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Worker heartbeat(UUID workerId, Optional<Long> clockOffsetMillis, boolean draining) {
    Worker worker = lock(workerId);
    WorkerState before = worker.state();
    worker.heartbeat(clock.instant(), clockOffsetMillis, draining);
    if (before != worker.state()) {
      log.info("worker {} is draining", workerId);
    }
    return worker;
  }

  /** Loads and row-locks the worker, whatever its state, in the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Worker lock(UUID workerId) {
    return workers.lockById(workerId).orElseThrow(() -> notRegistered(workerId));
  }

  /** Marks a locked worker LEFT; false when it was gone already. */
  public boolean leave(Worker worker) {
    boolean left = worker.leave(clock.instant());
    if (left) {
      log.info("worker {} left", worker.id());
    }
    return left;
  }

  /**
   * The worker, share-locked in the caller's transaction so that it is not declared dead meanwhile, if it is ALIVE
   * or DRAINING: {@link NotFoundException} "worker &lt;id&gt; is not registered" or {@link WorkerGoneException}
   * otherwise.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Worker lockPresentShared(UUID workerId) {
    Worker worker = workers.lockSharedById(workerId).orElseThrow(() -> notRegistered(workerId));
    worker.requirePresent();
    return worker;
  }

  private static NotFoundException notRegistered(UUID workerId) {
    return new NotFoundException("worker " + workerId + " is not registered");
  }
}
