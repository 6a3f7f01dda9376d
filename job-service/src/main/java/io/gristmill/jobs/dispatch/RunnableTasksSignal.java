package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.TasksBecameRunnable;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Wakes this process's waiting long polls when tasks may have become runnable. A generation number rather than
 * a bare notify, so that a signal arriving between a poller's empty claim and its wait is not lost. A task that
 * becomes runnable later (a retry's backoff) is signalled when its time comes. Pollers in other job-service
 * processes are not woken; they find the tasks at their next claim.
 */
@Component
class RunnableTasksSignal implements DisposableBean {

  private final Object lock = new Object();
  private long generation;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "runnable-tasks-timer");
    thread.setDaemon(true);
    return thread;
  });

  RunnableTasksSignal(Clock clock) {
    this.clock = clock;
  }

  /** The current generation; pass it to {@link #awaitChangeSince} after an empty claim. */
  long generation() {
    synchronized (lock) {
      return generation;
    }
  }

  /** Waits until a signal newer than {@code seen} arrives or {@code timeoutNanos} pass. */
  void awaitChangeSince(long seen, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (lock) {
      while (generation == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  void signal() {
    synchronized (lock) {
      generation++;
      lock.notifyAll();
    }
  }

  /** After the commit, when the tasks are visible to the pollers' claims; again when a backoff ends. */
  @TransactionalEventListener
  void on(TasksBecameRunnable event) {
    signal();
    event.at().ifPresent(at -> {
      long delay = Duration.between(clock.instant(), at).toMillis();
      if (delay > 0) {
        timer.schedule(this::signal, delay, TimeUnit.MILLISECONDS);
      }
    });
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
