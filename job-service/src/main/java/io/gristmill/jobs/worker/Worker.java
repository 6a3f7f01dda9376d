package io.gristmill.jobs.worker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A registered worker process. A worker that restarts, or that was declared dead, registers again and is a new
 * worker. Its state changes only through the named methods, see {@link WorkerState}.
 */
@Entity
@Table(name = "worker")
public class Worker {

  @Id
  private UUID id;

  @Column(nullable = false)
  private String host;

  @Column(nullable = false)
  private long pid;

  @Column(nullable = false)
  private int slots;

  @Column(nullable = false)
  private String shuffleAddress;

  @Column(nullable = false)
  private Instant registeredAt;

  @Column(nullable = false)
  private Instant lastHeartbeat;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private WorkerState state;

  private Instant stateChangedAt;

  /** The worker's clock minus ours, as it last estimated; null until it has an estimate. */
  private Long clockOffsetMillis;

  /** RegisterWorker's request id while it is remembered; null once pruned. */
  private String requestId;

  protected Worker() {}

  Worker(WorkerRegistration registration, String requestId, Instant now) {
    this.id = UUID.randomUUID();
    this.host = registration.host();
    this.pid = registration.pid();
    this.slots = registration.slots();
    this.shuffleAddress = registration.shuffleAddress();
    this.requestId = requestId;
    this.registeredAt = now;
    this.lastHeartbeat = now;
    this.state = WorkerState.ALIVE;
    this.stateChangedAt = now;
  }

  /** A heartbeat arrived; a worker that says it drains stays DRAINING until it leaves. */
  void heartbeat(Instant now, Optional<Long> offsetMillis, boolean draining) {
    requirePresent();
    lastHeartbeat = now;
    offsetMillis.ifPresent(offset -> clockOffsetMillis = offset);
    if (draining && state == WorkerState.ALIVE) {
      moveTo(WorkerState.DRAINING, now);
    }
  }

  /**
   * Its heartbeats stopped for longer than the lease.
   *
   * @return false when it was no longer present (already LOST or LEFT)
   */
  public boolean declareLost(Instant now) {
    return depart(WorkerState.LOST, now);
  }

  /**
   * It said goodbye. Repeating it is harmless.
   *
   * @return false when it was no longer present
   */
  boolean leave(Instant now) {
    return depart(WorkerState.LEFT, now);
  }

  private boolean depart(WorkerState target, Instant now) {
    if (!state.isPresent()) {
      return false;
    }
    moveTo(target, now);
    return true;
  }

  private void moveTo(WorkerState target, Instant now) {
    state = target;
    stateChangedAt = now;
  }

  /** Throws {@link WorkerGoneException} unless ALIVE or DRAINING. */
  void requirePresent() {
    if (!state.isPresent()) {
      throw new WorkerGoneException(id, state);
    }
  }

  public UUID id() {
    return id;
  }

  public String host() {
    return host;
  }

  public long pid() {
    return pid;
  }

  public int slots() {
    return slots;
  }

  public String shuffleAddress() {
    return shuffleAddress;
  }

  public Instant registeredAt() {
    return registeredAt;
  }

  public Instant lastHeartbeat() {
    return lastHeartbeat;
  }

  public WorkerState state() {
    return state;
  }

  public Instant stateChangedAt() {
    return stateChangedAt == null ? registeredAt : stateChangedAt;
  }

  /** Worker clock minus job-service clock; empty until the worker has reported an estimate. */
  public Optional<Duration> clockOffset() {
    return Optional.ofNullable(clockOffsetMillis).map(Duration::ofMillis);
  }
}
