package io.gristmill.worker.dispatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts this worker is running now, reported with every heartbeat, and how they are cancelled: the job
 * service lists them in a heartbeat reply, the worker was declared dead (their reports would not be accepted),
 * or the drain timeout ran out. A cancelled attempt's thread is interrupted (see {@code Cancellation}); its
 * outcome is then discarded, never reported.
 */
final class RunningAttempts {

  private static final Logger log = LoggerFactory.getLogger(RunningAttempts.class);

  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

  /** Registers an attempt that the current thread runs for worker {@code workerId}. */
  Attempt start(String attemptId, String workerId) {
    Attempt attempt = new Attempt(attemptId, workerId, Thread.currentThread());
    attempts.put(attemptId, attempt);
    return attempt;
  }

  /**
   * Registers an attempt handed over ahead of time ({@code prefetch}), queued until a slot runs it with {@link
   * #run}: heartbeats list it meanwhile, and a cancellation only marks it.
   */
  Attempt queue(String attemptId, String workerId) {
    Attempt attempt = new Attempt(attemptId, workerId, null);
    attempts.put(attemptId, attempt);
    return attempt;
  }

  /**
   * The current thread runs a queued attempt from now on; false when it was cancelled while queued (it is then
   * forgotten, and there is nothing to discard).
   */
  boolean run(Attempt queued) {
    if (queued.bind(Thread.currentThread())) {
      return true;
    }
    finish(queued);
    return false;
  }

  /** Forgets a finished attempt; clears the interrupt its cancellation left on the thread. */
  void finish(Attempt attempt) {
    attempts.remove(attempt.id, attempt);
    if (attempt.finish()) {
      Thread.interrupted();
    }
  }

  /** Cancels one attempt if it is still running and not yet being reported; false otherwise. */
  boolean cancel(String attemptId, String reason) {
    Attempt attempt = attempts.get(attemptId);
    return attempt != null && cancel(attempt, reason);
  }

  /** Cancels every attempt run for {@code workerId}, a worker id the job service no longer knows. */
  void cancelAllOf(String workerId, String reason) {
    attempts.values().stream().filter(a -> a.workerId.equals(workerId)).forEach(a -> cancel(a, reason));
  }

  /** Cancels every attempt not yet being reported. */
  void cancelAll(String reason) {
    attempts.values().forEach(a -> cancel(a, reason));
  }

  private boolean cancel(Attempt attempt, String reason) {
    boolean cancelled = attempt.cancel(reason);
    if (cancelled && attempt.queued()) {
      // No thread will finish it before a slot takes it from the queue: heartbeats stop listing it now.
      attempts.remove(attempt.id, attempt);
    }
    return cancelled;
  }

  List<String> snapshot() {
    return List.copyOf(attempts.keySet());
  }

  boolean isEmpty() {
    return attempts.isEmpty();
  }

  /**
   * One attempt's life: RUNNING, then REPORTING once its outcome is being sent, then FINISHED. Only a RUNNING
   * attempt can be cancelled: once a completion is being reported, the job service's answer decides what happens
   * to its output (a cancellation racing with an accepted completion must not delete committed output).
   */
  static final class Attempt {
    private enum State { RUNNING, REPORTING, FINISHED }

    private final String id;
    private final String workerId;
    private Thread thread;
    private State state = State.RUNNING;
    private boolean cancelled;

    private Attempt(String id, String workerId, Thread thread) {
      this.id = id;
      this.workerId = workerId;
      this.thread = thread;
    }

    private synchronized boolean queued() {
      return thread == null;
    }

    /** Binds a queued attempt to the thread that runs it; false when it was cancelled first. */
    private synchronized boolean bind(Thread runner) {
      if (cancelled) {
        return false;
      }
      thread = runner;
      return true;
    }

    /** Moves to REPORTING; false when the attempt was cancelled first, so nothing must be reported. */
    synchronized boolean startReporting() {
      if (cancelled) {
        return false;
      }
      state = State.REPORTING;
      return true;
    }

    synchronized boolean cancelled() {
      return cancelled;
    }

    private synchronized boolean cancel(String reason) {
      if (state != State.RUNNING || cancelled) {
        return false;
      }
      cancelled = true;
      log.info("Cancelling attempt {} of worker {}: {}", id, workerId, reason);
      // Under the lock, so the interrupt can only reach the thread while it still runs this attempt. A queued
      // attempt has no thread yet: the slot that takes it sees the mark and skips it.
      if (thread != null) {
        thread.interrupt();
      }
      return true;
    }

    /** Marks the attempt FINISHED; true when its cancellation interrupted the thread. */
    private synchronized boolean finish() {
      state = State.FINISHED;
      return cancelled && thread != null;
    }
  }
}
