package io.gristmill.jobs.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;
import java.util.UUID;

/**
 * One map or reduce task of a job. Its status changes only through the named methods, which enforce {@link
 * TaskStatus}. Callers hold the job's row lock while they change a task (see {@code JobRepository.lockById}).
 */
@Entity
@Table(name = "task")
public class Task {

  @Id
  private UUID id;

  @Column(nullable = false)
  private UUID jobId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private TaskKind kind;

  @Column(name = "task_index", nullable = false)
  private int index;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private TaskStatus status;

  /** Attempts started so far, counted at claim time so that a crash between claim and report still counts. */
  @Column(nullable = false)
  private int attempts;

  private String fileId;
  private String fileName;
  private Long splitOffset;
  private Long splitLength;
  private Long fileSize;

  private UUID succeededAttemptId;
  private String outputFileId;

  protected Task() {}

  private Task(UUID jobId, TaskKind kind, int index) {
    this.id = UUID.randomUUID();
    this.jobId = jobId;
    this.kind = kind;
    this.index = index;
    this.status = TaskStatus.PENDING;
  }

  public static Task map(UUID jobId, int index, MapSplit split) {
    Task task = new Task(jobId, TaskKind.MAP, index);
    task.fileId = split.fileId();
    task.fileName = split.fileName();
    task.splitOffset = split.offset();
    task.splitLength = split.length();
    task.fileSize = split.fileSize();
    return task;
  }

  public static Task reduce(UUID jobId, int partition) {
    return new Task(jobId, TaskKind.REDUCE, partition);
  }

  /** A worker claimed the task for a new attempt. */
  public void claimed() {
    status = status.moveTo(TaskStatus.RUNNING);
    attempts++;
  }

  /** The attempt {@code attemptId} committed; {@code outputFileId} is the reduce output, null for maps. */
  public void succeeded(UUID attemptId, String outputFileId) {
    status = status.moveTo(TaskStatus.SUCCEEDED);
    this.succeededAttemptId = attemptId;
    this.outputFileId = outputFileId;
  }

  /** The running attempt failed: the task waits for another attempt, or fails when the limit is used up. */
  public void attemptFailed(AttemptLimit limit) {
    status = status.moveTo(limit.afterFailedAttempt(attempts));
  }

  /** Why the job fails because of this task, e.g. "map task 3 failed after 4 attempts: boom". */
  public String failureReason(String lastError) {
    return kind.label() + " task " + index + " failed after " + attempts + " attempts: " + lastError;
  }

  public UUID id() {
    return id;
  }

  public UUID jobId() {
    return jobId;
  }

  public TaskKind kind() {
    return kind;
  }

  public int index() {
    return index;
  }

  public TaskStatus status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  /** The input of a map task; empty for reduces. */
  public Optional<MapSplit> split() {
    if (kind != TaskKind.MAP) {
      return Optional.empty();
    }
    return Optional.of(new MapSplit(fileId, fileName, splitOffset, splitLength, fileSize));
  }

  public Optional<UUID> succeededAttemptId() {
    return Optional.ofNullable(succeededAttemptId);
  }

  public Optional<String> outputFileId() {
    return Optional.ofNullable(outputFileId);
  }
}
