package io.gristmill.gateway.job;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A job as the REST API shows it; unset timestamps and an empty error are null. */
record JobView(
    String id,
    String type,
    JobStatus status,
    List<String> inputs,
    int reducers,
    String owner,
    Map<String, String> params,
    ProgressView progress,
    List<String> outputs,
    String error,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt) {

  record ProgressView(PhaseView map, PhaseView reduce) {}

  record PhaseView(int total, int succeeded, int running, int failed) {
    static PhaseView of(Progress progress) {
      return new PhaseView(progress.getTotal(), progress.getSucceeded(), progress.getRunning(), progress.getFailed());
    }
  }

  static JobView of(Job job) {
    return new JobView(job.getId(), job.getType(), JobStatus.of(job), List.copyOf(job.getInputFileIdsList()),
        job.getReducers(), job.getOwner(), new TreeMap<>(job.getParamsMap()),
        new ProgressView(PhaseView.of(job.getMapProgress()), PhaseView.of(job.getReduceProgress())),
        List.copyOf(job.getOutputFileIdsList()), job.getError().isEmpty() ? null : job.getError(),
        job.hasSubmittedAt() ? instant(job.getSubmittedAt()) : null,
        job.hasStartedAt() ? instant(job.getStartedAt()) : null,
        job.hasFinishedAt() ? instant(job.getFinishedAt()) : null);
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
