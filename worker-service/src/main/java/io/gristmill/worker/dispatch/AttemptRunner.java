package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.FetchFailure;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.WorkerProperties;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.shuffle.MapOutputFetchException;
import io.gristmill.worker.task.TaskExecutor;
import io.gristmill.worker.task.TaskIds;
import io.gristmill.worker.task.TaskResult;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
  private final ReportRetries retries;
  private final CompletionReporter reporter;

  AttemptRunner(TaskExecutor executor, TaskDispatchBlockingStub dispatch, MapOutputStore store,
      BlobStoreClient blobStore, RunningAttempts running, WorkerProperties properties, Clock clock) {
    this.executor = executor;
    this.dispatch = dispatch;
    this.store = store;
    this.blobStore = blobStore;
    this.running = running;
    this.properties = properties;
    this.clock = clock;
    this.retries = new ReportRetries(properties, clock);
    this.reporter = new CompletionReporter(dispatch, retries, running, this::discard, properties.rpcTimeout());
  }

  /**
   * Runs the attempt and reports it. A completion is handed to the background {@link CompletionReporter}, so this
   * returns, and the slot asks for its next task, while the job service commits it; a failure is reported here.
   */
  void run(TaskAssignment assignment, String workerId) {
    run(assignment, workerId, running.start(assignment.getAttemptId(), workerId));
  }

  /** Registers an attempt handed over ahead of time, so that heartbeats list it until {@link #runQueued}. */
  RunningAttempts.Attempt queue(TaskAssignment assignment, String workerId) {
    return running.queue(assignment.getAttemptId(), workerId);
  }

  /** Runs and reports a queued attempt, as {@link #run}; one cancelled while queued is dropped. */
  void runQueued(TaskAssignment assignment, String workerId, RunningAttempts.Attempt queued) {
    if (!running.run(queued)) {
      log.info("Attempt {} was cancelled before it started", assignment.getAttemptId());
      return;
    }
    run(assignment, workerId, queued);
  }

  private void run(TaskAssignment assignment, String workerId, RunningAttempts.Attempt attempt) {
    TaskIds ids = Assignments.ids(assignment);
    MDC.put("jobId", ids.jobId());
    MDC.put("taskId", ids.taskId());
    MDC.put("attemptId", ids.attemptId());
    boolean handedToReporter = false;
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
          return;
        }
        log.warn("Attempt {} failed", ids.attemptId(), e);
        discard(ids.attemptId());
        fail(workerId, ids.attemptId(), e, startedAt);
        return;
      }
      if (!attempt.startReporting()) {
        cancelled(ids.attemptId(), result.outputFileId(), result.intermediateFileId());
        return;
      }
      reporter.submit(new CompletionReporter.Pending(completion(workerId, ids.attemptId(), result, startedAt),
          attempt));
      handedToReporter = true;
    } finally {
      if (!handedToReporter) {
        running.finish(attempt);
      }
      MDC.remove("jobId");
      MDC.remove("taskId");
      MDC.remove("attemptId");
    }
  }

  /** Waits up to {@code timeout} until every completion handed to the reporter has been answered. */
  boolean awaitReported(Duration timeout) throws InterruptedException {
    return reporter.awaitIdle(timeout);
  }

  /** Stops reporting completions: the worker leaves. */
  void stopReporting() {
    reporter.stop();
  }

  /** A cancelled attempt: its output goes, and nothing is reported (the job service asked for it, or re-queued it). */
  private void cancelled(String attemptId, String... fileIds) {
    // The interrupt that stopped the task would also stop the deletes below.
    Thread.interrupted();
    log.info("Attempt {} was cancelled; discarding its output", attemptId);
    discard(attemptId, fileIds);
  }

  private CompleteAttemptRequest completion(String workerId, String attemptId, TaskResult result,
      long startedAt) {
    return CompleteAttemptRequest.newBuilder()
        .setWorkerId(workerId)
        .setAttemptId(attemptId)
        .setOutputFileId(result.outputFileId())
        .setIntermediateFileId(result.intermediateFileId())
        .putAllCounters(result.counters())
        .setStartedAtMillis(startedAt)
        .setFinishedAtMillis(clock.millis())
        .build();
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
      retries.call("failure", () -> deadlined().failAttempt(request.build()));
    } catch (StatusRuntimeException e) {
      // Already logged; a failure the job service will not take needs nothing more from this worker.
    }
  }

  /** Deletes the attempt's local files and the blob store files it wrote (empty ids: none). */
  void discard(String attemptId, String... fileIds) {
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
