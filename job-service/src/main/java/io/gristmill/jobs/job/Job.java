package io.gristmill.jobs.job;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A submitted job. Its status changes only through the named methods, which enforce {@link JobStatus}. */
@Entity
@Table(name = "job")
public class Job {

  @Id
  private UUID id;

  @Column(nullable = false)
  private String type;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private JobStatus status;

  @Column(nullable = false)
  private String owner;

  @Column(nullable = false)
  private int reducers;

  /** -10..10; free slots go to the highest first. */
  @Column(nullable = false)
  private int priority;

  @ElementCollection
  @CollectionTable(name = "job_input", joinColumns = @JoinColumn(name = "job_id"))
  @OrderColumn(name = "position")
  @Column(name = "file_id", nullable = false)
  private List<String> inputFileIds = new ArrayList<>();

  @ElementCollection
  @CollectionTable(name = "job_param", joinColumns = @JoinColumn(name = "job_id"))
  @MapKeyColumn(name = "name")
  @Column(name = "value", nullable = false)
  private Map<String, String> params = new LinkedHashMap<>();

  @ElementCollection
  @CollectionTable(name = "job_output", joinColumns = @JoinColumn(name = "job_id"))
  @OrderColumn(name = "partition")
  @Column(name = "file_id", nullable = false)
  private List<String> outputFileIds = new ArrayList<>();

  private String error;

  /** Null for built-in job types. */
  @Embedded
  private CustomCode custom;

  @Column(nullable = false)
  private Instant submittedAt;

  private Instant startedAt;

  private Instant finishedAt;

  /** Caller-chosen id of the submission; null when it had none. */
  private String requestId;

  private String requestFingerprint;

  @Version
  private long version;

  protected Job() {}

  Job(UUID id, String type, String owner, int reducers, int priority, List<String> inputFileIds,
      Map<String, String> params, CustomCode custom, Instant submittedAt) {
    this.custom = custom;
    this.priority = priority;
    this.id = id;
    this.type = type;
    this.owner = owner;
    this.reducers = reducers;
    this.inputFileIds = new ArrayList<>(inputFileIds);
    this.params = new LinkedHashMap<>(params);
    this.submittedAt = submittedAt;
    this.status = JobStatus.PENDING;
  }

  /** Remembers the submission's request id so that a retry of it finds this job. */
  void rememberRequest(String id, String fingerprint) {
    this.requestId = id;
    this.requestFingerprint = fingerprint;
  }

  /** Whether a repeated submission under the same request id asked for the same thing. */
  boolean isSameRequest(String fingerprint) {
    return fingerprint.equals(requestFingerprint);
  }

  /**
   * Its owner or an admin gave up on it. Cancelling twice is harmless; a job that already finished cannot be
   * cancelled.
   *
   * @return false when it was cancelled already
   * @throws IllegalStateException when it already SUCCEEDED or FAILED
   */
  public boolean cancel(Instant now) {
    if (status == JobStatus.CANCELLED) {
      return false;
    }
    status = status.moveTo(JobStatus.CANCELLED);
    finishedAt = now;
    return true;
  }

  /** A worker claimed one of the job's tasks: the first claim starts the job. */
  public void taskClaimed(Instant now) {
    if (status == JobStatus.PENDING) {
      status = status.moveTo(JobStatus.RUNNING);
      startedAt = now;
    }
  }

  /** Every reduce committed; {@code outputs} are their output files in partition order. */
  public void succeeded(List<String> outputs, Instant now) {
    status = status.moveTo(JobStatus.SUCCEEDED);
    outputFileIds = new ArrayList<>(outputs);
    finishedAt = now;
  }

  /** The job cannot finish; {@code reason} is shown to its owner. */
  public void failed(String reason, Instant now) {
    status = status.moveTo(JobStatus.FAILED);
    error = reason;
    finishedAt = now;
  }

  public UUID id() {
    return id;
  }

  public String type() {
    return type;
  }

  public JobStatus status() {
    return status;
  }

  public String owner() {
    return owner;
  }

  public int reducers() {
    return reducers;
  }

  public int priority() {
    return priority;
  }

  public List<String> inputFileIds() {
    return List.copyOf(inputFileIds);
  }

  public Map<String, String> params() {
    return Map.copyOf(params);
  }

  public List<String> outputFileIds() {
    return List.copyOf(outputFileIds);
  }

  /** The user code of a custom job; empty for built-in types. */
  public Optional<CustomCode> custom() {
    return Optional.ofNullable(custom);
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public Instant submittedAt() {
    return submittedAt;
  }

  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }
}
