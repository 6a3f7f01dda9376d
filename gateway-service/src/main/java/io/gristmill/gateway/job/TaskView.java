package io.gristmill.gateway.job;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.job.v1.Attempt;
import io.gristmill.contracts.job.v1.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A task with its attempts as the REST API shows it; empty strings of the wire become null. */
record TaskView(String id, String kind, int index, String status, String fileId, Long splitOffset,
    Long splitLength, String outputFileId, List<AttemptView> attempts) {

  /**
   * @param status RUNNING; SUCCEEDED; FAILED (its code or input failed); KILLED (stopped by the job service: the job
   *     was cancelled or ended, or another attempt of the task committed first; its output discarded); LOST (its
   *     worker died or left while it ran)
   * @param backup started while an earlier attempt of the task still ran (a speculative copy)
   * @param durationMillis from start to finish; null while running
   */
  record AttemptView(String id, String workerId, String workerHost, String status, Instant startedAt,
      Instant finishedAt, Long durationMillis, String error, String stackTrace, boolean backup,
      Map<String, Long> counters) {

    static AttemptView of(Attempt a) {
      Instant started = instant(a.getStartedAt());
      Instant finished = a.hasFinishedAt() ? instant(a.getFinishedAt()) : null;
      return new AttemptView(a.getId(), a.getWorkerId(), a.getWorkerHost(), a.getStatus(), started, finished,
          finished == null ? null : finished.toEpochMilli() - started.toEpochMilli(), emptyToNull(a.getError()),
          emptyToNull(a.getStackTrace()), a.getBackup(), new TreeMap<>(a.getCountersMap()));
    }
  }

  static TaskView of(Task t) {
    boolean map = !t.getFileId().isEmpty();
    return new TaskView(t.getId(), t.getKind(), t.getIndex(), t.getStatus(), emptyToNull(t.getFileId()),
        map ? t.getSplitOffset() : null, map ? t.getSplitLength() : null, emptyToNull(t.getOutputFileId()),
        t.getAttemptsList().stream().map(AttemptView::of).toList());
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
