package io.gristmill.jobs.task;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One execution of a task on one worker. Reports name it, so a repeated or late report is recognised. Dynamic
 * updates, so that flushing a status change never writes back a lease that a heartbeat renewed meanwhile.
 */
@Entity
@DynamicUpdate
@Table(name = "attempt")
public class Attempt extends InsertedWithoutSelect {

  @Id
  private UUID id;

  @Column(nullable = false)
  private UUID taskId;

  @Column(nullable = false)
  private UUID workerId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private AttemptStatus status;

  @Column(nullable = false)
  private Instant startedAt;

  private Instant finishedAt;

  private String error;

  private String stackTrace;

  /** The blob store file holding a map attempt's output when its job keeps intermediate data in storage. */
  private String intermediateFileId;

  /** A running attempt whose lease passes without a heartbeat listing it is LOST. */
  private Instant leaseExpiresAt;

  /** A speculative copy started while another attempt of the task ran. */
  @Column(nullable = false)
  private boolean backup;

  /** Start and end as the worker measured them, shifted onto this service's clock; null when not reported. */
  private Instant reportedStartedAt;

  private Instant reportedFinishedAt;

  @ElementCollection
  @CollectionTable(name = "attempt_counter", joinColumns = @JoinColumn(name = "attempt_id"))
  @MapKeyColumn(name = "name")
  @Column(name = "value", nullable = false)
  private Map<String, Long> counters = new HashMap<>();

  @Override
  public UUID getId() {
    return id;
  }

  protected Attempt() {}

  private Attempt(UUID taskId, UUID workerId, Instant startedAt, Instant leaseExpiresAt, boolean backup) {
    this.id = UUID.randomUUID();
    this.taskId = taskId;
    this.workerId = workerId;
    this.startedAt = startedAt;
    this.leaseExpiresAt = leaseExpiresAt;
    this.backup = backup;
    this.status = AttemptStatus.RUNNING;
  }

  /** A first (or retry) attempt, running on its lease until a heartbeat renews it. */
  public static Attempt start(UUID taskId, UUID workerId, Instant now, Instant leaseExpiresAt) {
    return new Attempt(taskId, workerId, now, leaseExpiresAt, false);
  }

  /** A backup attempt of a task that already has one running. */
  public static Attempt startBackup(UUID taskId, UUID workerId, Instant now, Instant leaseExpiresAt) {
    return new Attempt(taskId, workerId, now, leaseExpiresAt, true);
  }

  /** @param storedOutputFileId the map output in the blob store; null when it stays on the worker */
  public void succeeded(Map<String, Long> reportedCounters, String storedOutputFileId, Instant now,
      WorkerTimes reported) {
    status = status.moveTo(AttemptStatus.SUCCEEDED);
    // Filled in place, not replaced: a replaced collection is deleted and inserted again, a statement more per
    // attempt. A running attempt has none yet; loaded with them (AttemptRepository), only the inserts remain.
    counters.clear();
    counters.putAll(reportedCounters);
    intermediateFileId = storedOutputFileId;
    end(now, reported);
  }

  public void failed(String reason, String trace, Instant now, WorkerTimes reported) {
    status = status.moveTo(AttemptStatus.FAILED);
    error = reason;
    stackTrace = trace;
    end(now, reported);
  }

  /** The job service stopped it; {@code reason} is shown, e.g. "job cancelled". */
  public void killed(String reason, Instant now) {
    status = status.moveTo(AttemptStatus.KILLED);
    error = reason;
    finishedAt = now;
  }

  /** Its worker died or left, or its lease ran out, while it ran. */
  public void lost(String reason, Instant now) {
    status = status.moveTo(AttemptStatus.LOST);
    error = reason;
    finishedAt = now;
  }

  /** It succeeded, but its output (on its worker's disk) can no longer be read. */
  public void outputLost(String reason) {
    status = status.moveTo(AttemptStatus.LOST);
    error = reason;
  }

  private void end(Instant now, WorkerTimes reported) {
    finishedAt = now;
    reportedStartedAt = reported.startedAt().orElse(null);
    reportedFinishedAt = reported.finishedAt().orElse(null);
  }

  /** Whether {@code worker} may report on this attempt now: it runs it and has not reported yet. */
  public boolean isRunningOn(UUID worker) {
    return status == AttemptStatus.RUNNING && workerId.equals(worker);
  }

  public UUID id() {
    return id;
  }

  public UUID taskId() {
    return taskId;
  }

  public UUID workerId() {
    return workerId;
  }

  public AttemptStatus status() {
    return status;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  /** When it started as its worker reported it (shifted onto this service's clock), else when it was claimed. */
  public Instant shownStartedAt() {
    return reportedStartedAt != null ? reportedStartedAt : startedAt;
  }

  /** When it ended as its worker reported it (shifted onto this service's clock), else when the report came. */
  public Optional<Instant> shownFinishedAt() {
    return reportedFinishedAt != null ? Optional.of(reportedFinishedAt) : finishedAt();
  }

  public Optional<Instant> leaseExpiresAt() {
    return Optional.ofNullable(leaseExpiresAt);
  }

  public boolean isBackup() {
    return backup;
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public Optional<String> stackTrace() {
    return Optional.ofNullable(stackTrace);
  }

  public Optional<String> intermediateFileId() {
    return Optional.ofNullable(intermediateFileId);
  }

  public Map<String, Long> counters() {
    return Map.copyOf(counters);
  }
}
