package io.gristmill.jobs.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One map or reduce task of a job. Its status changes only through the named methods, which enforce {@link
 * TaskStatus}. Callers hold the job's row lock while they change a task (see {@code JobRepository.lockById}), except
 * a map claim, which holds the task's row only (see {@code TaskClaimer}). Dynamic updates: a claim or a commit,
 * once per task each, writes the few columns it changes rather than all of them.
 */
@Entity
@DynamicUpdate
@Table(name = "task")
public class Task extends InsertedWithoutSelect {

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

  /** Attempts that FAILED (the task's own fault); these use up the attempt limit. */
  @Column(nullable = false)
  private int failedAttempts;

  /** Attempts lost with their worker; bounded separately, see {@link AttemptLimit}. */
  @Column(nullable = false)
  private int lostAttempts;

  /** Not claimed before this time (retry backoff); null when runnable at once. */
  private Instant notBefore;

  /** Hosts holding a replica of a map split's first chunk, preferred when claiming; empty when unknown. */
  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private String[] replicaHosts = new String[0];

  private String fileId;
  private String fileName;
  private Long splitOffset;
  private Long splitLength;
  private Long fileSize;

  private UUID succeededAttemptId;
  private String outputFileId;

  @Override
  public UUID getId() {
    return id;
  }

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
    task.replicaHosts = split.replicaHosts().toArray(String[]::new);
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
    notBefore = null;
    attempts++;
  }

  /** A second attempt of the running task started on another worker (speculative execution). */
  public void backupClaimed() {
    if (status != TaskStatus.RUNNING) {
      throw new IllegalStateException("only a RUNNING task gets a backup attempt, not a " + status + " one");
    }
    attempts++;
  }

  /** The attempt {@code attemptId} committed; {@code outputFileId} is the reduce output, null for maps. */
  public void succeeded(UUID attemptId, String outputFileId) {
    status = status.moveTo(TaskStatus.SUCCEEDED);
    this.succeededAttemptId = attemptId;
    this.outputFileId = outputFileId;
  }

  /**
   * A running attempt failed: the task waits until {@code retryAt} for another attempt, keeps running when another
   * attempt still runs, or fails when the limit is used up.
   */
  public void attemptFailed(AttemptLimit limit, boolean othersRunning, Instant retryAt) {
    failedAttempts++;
    moveAfterAttempt(limit.afterFailure(failedAttempts, othersRunning));
    if (status == TaskStatus.PENDING) {
      notBefore = retryAt;
    }
  }

  /** A running reduce attempt could not fetch map outputs: not its fault, so nothing is counted. */
  public void attemptFailedToFetch(boolean othersRunning) {
    moveAfterAttempt(AttemptLimit.afterNoFault(othersRunning));
  }

  /** A running attempt was lost with its worker: the task is re-queued unless its lost-attempt bound is used up. */
  public void attemptLost(AttemptLimit limit, boolean othersRunning) {
    lostAttempts++;
    moveAfterAttempt(limit.afterLoss(lostAttempts, othersRunning));
  }

  /** The committed output of this map is gone (its worker died, or reducers cannot fetch it): run it again. */
  public void outputLost() {
    if (kind != TaskKind.MAP) {
      throw new IllegalStateException("only a map's output can be lost; reduce outputs are in storage");
    }
    status = status.moveTo(TaskStatus.PENDING);
    succeededAttemptId = null;
  }

  private void moveAfterAttempt(TaskStatus target) {
    if (target != status) {
      status = status.moveTo(target);
    }
  }

  /** Why the job fails because of this task, e.g. "map task 3 failed after 4 attempts: boom". */
  public String failureReason(String lastError) {
    return kind.label() + " task " + index + " failed after " + failedAttempts + " attempts: " + lastError;
  }

  /** Why the job fails because this task's workers kept dying under it. */
  public String lostReason(String lastLoss) {
    return kind.label() + " task " + index + " was lost " + lostAttempts + " times with its workers: " + lastLoss;
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

  public int failedAttempts() {
    return failedAttempts;
  }

  public int lostAttempts() {
    return lostAttempts;
  }

  public Optional<Instant> notBefore() {
    return Optional.ofNullable(notBefore);
  }

  /** The input of a map task; empty for reduces. */
  public Optional<MapSplit> split() {
    if (kind != TaskKind.MAP) {
      return Optional.empty();
    }
    return Optional.of(new MapSplit(fileId, fileName, splitOffset, splitLength, fileSize, List.of(replicaHosts)));
  }

  public Optional<UUID> succeededAttemptId() {
    return Optional.ofNullable(succeededAttemptId);
  }

  public Optional<String> outputFileId() {
    return Optional.ofNullable(outputFileId);
  }
}
