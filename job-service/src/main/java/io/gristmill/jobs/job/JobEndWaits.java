package io.gristmill.jobs.job;

import io.gristmill.jobs.system.CapacityExceededException;
import io.gristmill.jobs.system.JobsProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Calls waiting for jobs to end. Each wait is a future completed when its job ends in this process (after the
 * commit, so a reader sees the end), when a periodic re-check finds the job ended by another job-service process,
 * or when its time runs out: whichever comes first, and the waiter reads the job as it is then. Completion runs
 * on this class's own thread, never on the thread that committed the end (a worker's report) nor on the timer.
 */
@Component
public class JobEndWaits implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(JobEndWaits.class);
  private static final Set<JobStatus> ENDED = EnumSet.copyOf(
      Arrays.stream(JobStatus.values()).filter(status -> !status.isActive()).toList());
  /** Ids per re-check query, well under PostgreSQL's limit of bind parameters. */
  private static final int RECHECK_BATCH = 1000;

  private final JobRepository jobs;
  private final JobsProperties.Waits settings;
  private final Map<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      daemon("job-end-waits-timer"));
  /** Where waiters read and answer their jobs: two, so that one slow read does not hold every answer back. */
  private final ExecutorService completions = Executors.newFixedThreadPool(2, daemon("job-end-waits"));

  JobEndWaits(JobRepository jobs, JobsProperties properties) {
    this.jobs = jobs;
    this.settings = properties.waits();
    long recheck = settings.recheck().toMillis();
    timer.scheduleWithFixedDelay(this::recheck, recheck, recheck, TimeUnit.MILLISECONDS);
  }

  /** The longest wait a call may ask for. */
  public Duration maxWait() {
    return settings.maxWait();
  }

  /**
   * A future completed once job {@code jobId} may have ended, at the latest after {@code wait}. Register before
   * reading the job, so that an end committed in between is not missed. Cancelling the future (the caller went
   * away) forgets it. {@link CapacityExceededException} when this process holds as many waits as it allows.
   */
  public CompletableFuture<Void> awaitEnd(UUID jobId, Duration wait) {
    if (count.incrementAndGet() > settings.maxWaiting()) {
      count.decrementAndGet();
      throw new CapacityExceededException("the job service holds " + settings.maxWaiting()
          + " calls waiting for jobs to end already (gristmill.jobs.waits.max-waiting); retry later or ask without"
          + " waiting");
    }
    CompletableFuture<Void> ended = new CompletableFuture<>();
    waiting.compute(jobId, (id, set) -> {
      Set<CompletableFuture<Void>> waits = set == null ? ConcurrentHashMap.newKeySet() : set;
      waits.add(ended);
      return waits;
    });
    ScheduledFuture<?> timeout = timer.schedule(() -> complete(ended), wait.toMillis(), TimeUnit.MILLISECONDS);
    ended.whenComplete((ignored, failure) -> {
      timeout.cancel(false);
      waiting.computeIfPresent(jobId, (id, waits) -> {
        waits.remove(ended);
        return waits.isEmpty() ? null : waits;
      });
      count.decrementAndGet();
    });
    return ended;
  }

  /** Calls waiting now. */
  int waiting() {
    return count.get();
  }

  @TransactionalEventListener
  void on(JobEnded event) {
    endedHere(event.jobId());
  }

  private void endedHere(UUID jobId) {
    Set<CompletableFuture<Void>> waits = waiting.get(jobId);
    if (waits != null) {
      waits.forEach(this::complete);
    }
  }

  /** Reads the jobs waited for again and completes the waits of those that ended; runs every re-check period. */
  void recheck() {
    try {
      List<UUID> ids = new ArrayList<>(waiting.keySet());
      for (int from = 0; from < ids.size(); from += RECHECK_BATCH) {
        jobs.idsAmongIn(ids.subList(from, Math.min(ids.size(), from + RECHECK_BATCH)), ENDED)
            .forEach(this::endedHere);
      }
    } catch (RuntimeException e) {
      log.warn("could not re-check the jobs waited for: {}", e.toString());
    }
  }

  private void complete(CompletableFuture<Void> ended) {
    try {
      completions.execute(() -> ended.complete(null));
    } catch (RejectedExecutionException e) {
      ended.complete(null); // shutting down
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
    completions.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger threads = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
