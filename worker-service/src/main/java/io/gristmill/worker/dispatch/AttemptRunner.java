package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.FailAttemptRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.task.TaskExecutor;
import io.gristmill.worker.task.TaskIds;
import io.gristmill.worker.task.TaskResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one assigned attempt and reports its outcome: CompleteAttempt with the counters, or FailAttempt with a
 * one-line error and the full stack trace when anything in the task throws. Output of an attempt that fails, or
 * whose completion the job service does not accept, is discarded.
 */
final class AttemptRunner {

  /** Reports are retried this many times while the job service is unreachable; both are safe to repeat. */
  private static final int REPORT_ATTEMPTS = 5;

  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final TaskExecutor executor;
  private final TaskDispatchBlockingStub dispatch;
  private final MapOutputStore store;
  private final BlobStoreClient blobStore;
  private final RunningAttempts running;
  private final Duration rpcTimeout;

  AttemptRunner(TaskExecutor executor, TaskDispatchBlockingStub dispatch, MapOutputStore store,
      BlobStoreClient blobStore, RunningAttempts running, Duration rpcTimeout) {
    this.executor = executor;
    this.dispatch = dispatch;
    this.store = store;
    this.blobStore = blobStore;
    this.running = running;
    this.rpcTimeout = rpcTimeout;
  }

  void run(TaskAssignment assignment, String workerId) {
    TaskIds ids = Assignments.ids(assignment);
    MDC.put("jobId", ids.jobId());
    MDC.put("taskId", ids.taskId());
    MDC.put("attemptId", ids.attemptId());
    running.add(ids.attemptId());
    try {
      log.info("Running {} task {} of job {} ({})", assignment.getKind(), assignment.getIndex(), ids.jobId(),
          assignment.getJobType());
      TaskResult result;
      try {
        result = executor.run(Assignments.toTask(assignment));
      } catch (Exception | StackOverflowError | LinkageError e) {
        log.warn("Attempt {} failed", ids.attemptId(), e);
        discard(ids.attemptId());
        fail(workerId, ids.attemptId(), e);
        return;
      }
      if (!complete(workerId, ids.attemptId(), result)) {
        log.info("The job service did not accept attempt {}; discarding its output", ids.attemptId());
        discard(ids.attemptId(), result.outputFileId(), result.intermediateFileId());
      }
    } finally {
      running.remove(ids.attemptId());
      MDC.remove("jobId");
      MDC.remove("taskId");
      MDC.remove("attemptId");
    }
  }

  private boolean complete(String workerId, String attemptId, TaskResult result) {
    CompleteAttemptRequest request = CompleteAttemptRequest.newBuilder()
        .setWorkerId(workerId)
        .setAttemptId(attemptId)
        .setOutputFileId(result.outputFileId())
        .setIntermediateFileId(result.intermediateFileId())
        .putAllCounters(result.counters())
        .build();
    Boolean accepted = report(() -> deadlined().completeAttempt(request).getAccepted());
    // Unreported (job service unreachable): keep the output, the job service may still learn of it and fetch it.
    return accepted == null || accepted;
  }

  private void fail(String workerId, String attemptId, Throwable error) {
    FailAttemptRequest request = FailAttemptRequest.newBuilder()
        .setWorkerId(workerId)
        .setAttemptId(attemptId)
        .setError(oneLine(error))
        .setStackTrace(stackTrace(error))
        .build();
    report(() -> deadlined().failAttempt(request));
  }

  /** Runs a report, retrying while the job service is unreachable; null when it never got through. */
  private <T> T report(Supplier<T> call) {
    long pauseMillis = 200;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean transient_ = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
        if (!transient_ || attempt == REPORT_ATTEMPTS) {
          log.error("Reporting to the job service failed: {}", e.getStatus());
          return null;
        }
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
        pauseMillis *= 2;
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
    return dispatch.withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
