package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptResponse;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.FetchFailure;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.grpc.retry.Backoff;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.WorkerProperties;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.shuffle.MapOutputFetchException;
import io.gristmill.worker.task.TaskExecutor;
import io.gristmill.worker.task.TaskIds;
import io.gristmill.worker.task.TaskResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one assigned attempt and reports its outcome: CompleteAttempt with the counters, or FailAttempt with a
 * one-line error, the full stack trace and, for a reduce that could not fetch map outputs, which ones. Reports
 * carry the start and finish times by the worker's clock and are retried while the job service is unavailable.
 * Output of an attempt that fails, is cancelled, or whose completion the job service does not accept, is
 * discarded; a cancelled attempt is not reported at all.
 */
final class AttemptRunner {

  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final TaskExecutor executor;
  private final TaskDispatchBlockingStub dispatch;
  private final MapOutputStore store;
  private final BlobStoreClient blobStore;
  private final RunningAttempts running;
  private final WorkerProperties properties;
  private final Clock clock;

  AttemptRunner(TaskExecutor executor, TaskDispatchBlockingStub dispatch, MapOutputStore store,
      BlobStoreClient blobStore, RunningAttempts running, WorkerProperties properties, Clock clock) {
    this.executor = executor;
    this.dispatch = dispatch;
    this.store = store;
    this.blobStore = blobStore;
    this.running = running;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Runs the attempt and reports it. When {@code acquireNext} holds as the completion is reported (the worker is
   * not stopping), the report asks for the worker's next task (see CompleteAttemptRequest.acquire_next); returns
   * that task, which the caller must run, or empty.
   */
  Optional<TaskAssignment> run(TaskAssignment assignment, String workerId, BooleanSupplier acquireNext) {
    TaskIds ids = Assignments.ids(assignment);
    MDC.put("jobId", ids.jobId());
    MDC.put("taskId", ids.taskId());
    MDC.put("attemptId", ids.attemptId());
    RunningAttempts.Attempt attempt = running.start(ids.attemptId(), workerId);
    long startedAt = clock.millis();
    try {
      log.info("Running {} task {} of job {} ({})", assignment.getKind(), assignment.getIndex(), ids.jobId(),
          assignment.getJobType());
      TaskResult result;
      try {
        result = executor.run(Assignments.toTask(assignment));
      } catch (Exception | StackOverflowError | LinkageError e) {
        if (!attempt.startReporting()) {
          cancelled(ids.attemptId());
          return Optional.empty();
        }
        log.warn("Attempt {} failed", ids.attemptId(), e);
        discard(ids.attemptId());
        fail(workerId, ids.attemptId(), e, startedAt);
        return Optional.empty();
      }
      if (!attempt.startReporting()) {
        cancelled(ids.attemptId(), result.outputFileId(), result.intermediateFileId());
        return Optional.empty();
      }
      Completion completion = complete(workerId, ids.attemptId(), result, startedAt, acquireNext.getAsBoolean());
      if (!completion.accepted()) {
        log.info("The job service did not accept attempt {}; discarding its output", ids.attemptId());
        discard(ids.attemptId(), result.outputFileId(), result.intermediateFileId());
      }
      return completion.next();
    } finally {
      running.finish(attempt);
      MDC.remove("jobId");
      MDC.remove("taskId");
      MDC.remove("attemptId");
    }
  }

  /** A cancelled attempt: its output goes, and nothing is reported (the job service asked for it, or re-queued it). */
  private void cancelled(String attemptId, String... fileIds) {
    // The interrupt that stopped the task would also stop the deletes below.
    Thread.interrupted();
    log.info("Attempt {} was cancelled; discarding its output", attemptId);
    discard(attemptId, fileIds);
  }

  /**
   * How a completion report ended.
   *
   * @param accepted false when the job service answered that the completion had no effect (or no longer knows
   *     this worker); true also when the report never got through, since it may have arrived with only its
   *     answer lost
   * @param next the task the answer handed this worker to run next
   */
  private record Completion(boolean accepted, Optional<TaskAssignment> next) {}

  private Completion complete(String workerId, String attemptId, TaskResult result, long startedAt,
      boolean acquireNext) {
    CompleteAttemptRequest request = CompleteAttemptRequest.newBuilder()
        .setWorkerId(workerId)
        .setAttemptId(attemptId)
        .setOutputFileId(result.outputFileId())
        .setIntermediateFileId(result.intermediateFileId())
        .putAllCounters(result.counters())
        .setStartedAtMillis(startedAt)
        .setFinishedAtMillis(clock.millis())
        .setAcquireNext(acquireNext)
        .build();
    // Retrying is safe: the job service deduplicates completions by attempt id (a repeat answers as the first did,
    // or accepted = false, which only costs this attempt's output).
    try {
      Optional<CompleteAttemptResponse> answer = report("completion", () -> deadlined().completeAttempt(request));
      // Unreported: keep the output; the report may have arrived with only its answer lost.
      return answer.map(a -> new Completion(a.getAccepted(),
              a.hasNextAssignment() ? Optional.of(a.getNextAssignment()) : Optional.<TaskAssignment>empty()))
          .orElse(new Completion(true, Optional.empty()));
    } catch (StatusRuntimeException e) {
      // NOT_FOUND: the job service declared this worker dead; the attempt is no longer its own.
      return new Completion(e.getStatus().getCode() != Status.Code.NOT_FOUND, Optional.empty());
    }
  }

  private void fail(String workerId, String attemptId, Throwable error, long startedAt) {
    FailAttemptRequest.Builder request = FailAttemptRequest.newBuilder()
        .setWorkerId(workerId)
        .setAttemptId(attemptId)
        .setError(oneLine(error))
        .setStackTrace(stackTrace(error))
        .setStartedAtMillis(startedAt)
        .setFinishedAtMillis(clock.millis());
    if (error instanceof MapOutputFetchException fetch) {
      fetch.lost().forEach(lost -> request.addFetchFailures(FetchFailure.newBuilder()
          .setMapIndex(lost.mapIndex())
          .setMapAttemptId(lost.mapAttemptId())
          .setError(lost.error())));
    }
    // Retrying is safe: the job service deduplicates failure reports by attempt id.
    try {
      report("failure", () -> deadlined().failAttempt(request.build()));
    } catch (StatusRuntimeException e) {
      // Already logged; a failure the job service will not take needs nothing more from this worker.
    }
  }

  /**
   * Runs a report, retrying with jittered backoff while the job service is unavailable (restarting, say), for up
   * to report-timeout in all; heartbeats go on meanwhile on their own thread. Empty when it never got through.
   *
   * @throws StatusRuntimeException when the job service refused the report (any status but the transient ones)
   */
  private <T> Optional<T> report(String what, Supplier<T> call) {
    Instant giveUp = clock.instant().plus(properties.reportTimeout());
    Backoff backoff = properties.registration().backoff();
    while (true) {
      try {
        return Optional.of(call.get());
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
          log.error("The job service refused the {} report: {}", what, e.getStatus());
          throw e;
        }
        Duration wait = backoff.next();
        if (clock.instant().plus(wait).isAfter(giveUp)) {
          log.error("Giving up the {} report after {}: {}", what, properties.reportTimeout(), e.getStatus());
          return Optional.empty();
        }
        log.warn("Reporting the {} failed ({}); retrying in {}", what, e.getStatus(), wait);
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  /** Deletes the attempt's local files and the blob store files it wrote (empty ids: none). */
  private void discard(String attemptId, String... fileIds) {
    try {
      store.deleteAttempt(attemptId);
    } catch (IOException | IllegalArgumentException e) {
      log.warn("Cannot delete the local files of attempt {}", attemptId, e);
    }
    for (String fileId : fileIds) {
      if (fileId.isEmpty()) {
        continue;
      }
      try {
        blobStore.delete(fileId);
      } catch (StatusRuntimeException e) {
        log.warn("Cannot delete file {} of attempt {}: {}", fileId, attemptId, e.getStatus());
      }
    }
  }

  private TaskDispatchBlockingStub deadlined() {
    return dispatch.withDeadlineAfter(properties.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  static String oneLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getName();
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String stackTrace(Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
