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

/** One execution of a task on one worker. Reports name it, so a repeated or late report is recognised. */
@Entity
@Table(name = "attempt")
public class Attempt {

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

  @ElementCollection
  @CollectionTable(name = "attempt_counter", joinColumns = @JoinColumn(name = "attempt_id"))
  @MapKeyColumn(name = "name")
  @Column(name = "value", nullable = false)
  private Map<String, Long> counters = new HashMap<>();

  protected Attempt() {}

  private Attempt(UUID taskId, UUID workerId, Instant startedAt) {
    this.id = UUID.randomUUID();
    this.taskId = taskId;
    this.workerId = workerId;
    this.startedAt = startedAt;
    this.status = AttemptStatus.RUNNING;
  }

  public static Attempt start(UUID taskId, UUID workerId, Instant now) {
    return new Attempt(taskId, workerId, now);
  }

  /** @param storedOutputFileId the map output in the blob store; null when it stays on the worker */
  public void succeeded(Map<String, Long> reportedCounters, String storedOutputFileId, Instant now) {
    status = status.moveTo(AttemptStatus.SUCCEEDED);
    counters = new HashMap<>(reportedCounters);
    intermediateFileId = storedOutputFileId;
    finishedAt = now;
  }

  public void failed(String reason, String trace, Instant now) {
    status = status.moveTo(AttemptStatus.FAILED);
    error = reason;
    stackTrace = trace;
    finishedAt = now;
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
