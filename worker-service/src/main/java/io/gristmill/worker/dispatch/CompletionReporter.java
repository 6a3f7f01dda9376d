package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.CompleteAttemptRequest;
import io.gristmill.contracts.job.v1.CompleteAttemptsRequest;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc.TaskDispatchBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends completion reports from one background thread, so that a slot starts its next task while the job service
 * commits the last one: a commit waits for PostgreSQL's disk flush (4 ms median on our machines, 14 ms at the 90th
 * percentile under load), and every slot used to wait for one after every task. Reports that arrive while a call
 * is in flight go out together in the next CompleteAttempts call (at most {@link #MAX_BATCH}): one transaction and
 * one flush for all of them. Nothing is held back waiting for company, so a lone report goes out at once.
 *
 * <p>An attempt stays in {@link RunningAttempts}, in its REPORTING state, until its report is answered: heartbeats
 * list it, so its lease holds, and it can no longer be cancelled. Its output is discarded when the answer does not
 * accept it (or the job service no longer knows this worker), and kept when the report never got through, since it
 * may have arrived with only its answer lost. A job service without CompleteAttempts (an older one), or one that
 * refuses a batch as invalid, gets the batch's reports one by one through CompleteAttempt, so that one bad report
 * cannot sink the others.
 */
final class CompletionReporter {

  /** Reports per CompleteAttempts call at most: a bounded message and transaction. */
  static final int MAX_BATCH = 64;

  private static final Logger log = LoggerFactory.getLogger(CompletionReporter.class);

  /** Deletes what an attempt whose completion was not accepted left: its local files and these blob store files. */
  interface Discard {
    void discard(String attemptId, String... fileIds);
  }

  /** A completion to report, and the attempt it ends. */
  record Pending(CompleteAttemptRequest request, RunningAttempts.Attempt attempt) {}

  private final TaskDispatchBlockingStub dispatch;
  private final ReportRetries retries;
  private final RunningAttempts running;
  private final Discard discard;
  private final Duration rpcTimeout;
  private final Object lock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Thread thread;
  private int inFlight;
  private boolean stopped;
  private volatile boolean batchesUnsupported;

  CompletionReporter(TaskDispatchBlockingStub dispatch, ReportRetries retries, RunningAttempts running,
      Discard discard, Duration rpcTimeout) {
    this.dispatch = dispatch;
    this.retries = retries;
    this.running = running;
    this.discard = discard;
    this.rpcTimeout = rpcTimeout;
    this.thread = new Thread(this::loop, "gristmill-reports");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues the report of an attempt already in its REPORTING state; the reporter finishes the attempt. */
  void submit(Pending pending) {
    synchronized (lock) {
      if (stopped) {
        throw new IllegalStateException("the worker has left; attempt " + pending.request().getAttemptId()
            + " cannot be reported");
      }
      queue.add(pending);
      lock.notifyAll();
    }
  }

  /** Waits up to {@code timeout} until every queued report has been answered (or given up). */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!queue.isEmpty() || inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** Stops the thread; reports still queued are not sent (their outputs stay, as for a report never answered). */
  void stop() {
    synchronized (lock) {
      stopped = true;
      lock.notifyAll();
    }
    thread.interrupt();
  }

  private void loop() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      synchronized (lock) {
        while (queue.isEmpty() && !stopped) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // stop() sets stopped first; anything else is no reason to leave reports unsent
          }
        }
        if (stopped) {
          return;
        }
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(queue.poll());
        }
        inFlight = batch.size();
      }
      try {
        send(batch);
      } catch (RuntimeException e) {
        log.error("Reporting {} completions failed unexpectedly; their outputs are kept", batch.size(), e);
      } finally {
        batch.forEach(pending -> running.finish(pending.attempt()));
        synchronized (lock) {
          inFlight = 0;
          lock.notifyAll();
        }
      }
    }
  }

  private void send(List<Pending> batch) {
    List<Boolean> accepted = batchesUnsupported ? oneByOne(batch) : together(batch);
    for (int i = 0; i < batch.size(); i++) {
      if (!accepted.get(i)) {
        CompleteAttemptRequest request = batch.get(i).request();
        log.info("The job service did not accept attempt {}; discarding its output", request.getAttemptId());
        discard.discard(request.getAttemptId(), request.getOutputFileId(), request.getIntermediateFileId());
      }
    }
  }

  /** One CompleteAttempts call for the batch; one by one when the job service cannot take it. */
  private List<Boolean> together(List<Pending> batch) {
    CompleteAttemptsRequest request = CompleteAttemptsRequest.newBuilder()
        .setWorkerId(batch.get(0).request().getWorkerId())
        .addAllCompletions(batch.stream().map(Pending::request).toList())
        .build();
    try {
      return retries.call("completion", () -> deadlined().completeAttempts(request))
          .map(answer -> answer.getAcceptedList())
          .filter(answer -> answer.size() == batch.size())
          // Unreported: keep the outputs; the reports may have arrived with only the answer lost.
          .orElseGet(() -> batch.stream().map(pending -> true).toList());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNIMPLEMENTED) {
        batchesUnsupported = true;
        return oneByOne(batch);
      }
      if (code == Status.Code.INVALID_ARGUMENT && batch.size() > 1) {
        return oneByOne(batch);
      }
      return batch.stream().map(pending -> refusedButKept(e)).toList();
    }
  }

  private List<Boolean> oneByOne(List<Pending> batch) {
    List<Boolean> accepted = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      try {
        Optional<Boolean> answer = retries.call("completion",
            () -> deadlined().completeAttempt(pending.request()).getAccepted());
        accepted.add(answer.orElse(true));
      } catch (StatusRuntimeException e) {
        accepted.add(refusedButKept(e));
      }
    }
    return accepted;
  }

  /** NOT_FOUND: the job service declared this worker dead, so the attempt is no longer its own; else keep it. */
  private static boolean refusedButKept(StatusRuntimeException e) {
    return e.getStatus().getCode() != Status.Code.NOT_FOUND;
  }

  private TaskDispatchBlockingStub deadlined() {
    return dispatch.withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
