package io.gristmill.gateway.job;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.job.v1.CustomJob;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job as the REST API shows it; unset timestamps and an empty error are null.
 *
 * @param priority scheduling priority given on submission, -10..10
 */
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
    Instant finishedAt,
    CustomView custom,
    Map<String, Long> counters,
    int priority) {

  /** The code of a custom job; null for built-in types. */
  record CustomView(String artifact, String sha256, String mapper, String reducer, String combiner,
      String partitioner) {
    static CustomView of(CustomJob custom) {
      return new CustomView(custom.getArtifactId(), custom.getArtifactSha256(), custom.getMapperClass(),
          custom.getReducerClass(), blankToNull(custom.getCombinerClass()),
          blankToNull(custom.getPartitionerClass()));
    }

    private static String blankToNull(String s) {
      return s.isEmpty() ? null : s;
    }
  }

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
        job.hasFinishedAt() ? instant(job.getFinishedAt()) : null,
        job.hasCustom() ? CustomView.of(job.getCustom()) : null,
        new TreeMap<>(job.getCountersMap()), job.getPriority());
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
