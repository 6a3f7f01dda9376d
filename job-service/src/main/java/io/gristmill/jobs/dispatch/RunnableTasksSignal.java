package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.job.TasksBecameRunnable;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Wakes this process's waiting long polls when tasks may have become runnable. A generation number rather than
 * a bare notify, so that a signal arriving between a poller's empty claim and its wait is not lost. Pollers in
 * other job-service processes are not woken; they find the tasks at their next claim.
 */
@Component
class RunnableTasksSignal {

  private final Object lock = new Object();
  private long generation;

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

  /** After the commit, when the tasks are visible to the pollers' claims. */
  @TransactionalEventListener
  void on(TasksBecameRunnable event) {
    signal();
  }
}
