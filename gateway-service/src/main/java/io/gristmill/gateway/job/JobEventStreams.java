package io.gristmill.gateway.job;

import io.grpc.StatusRuntimeException;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.gateway.system.GatewayProperties;
import io.gristmill.gateway.system.Problems;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of one job for the dashboard: an event {@code job} with the job's JSON whenever it
 * changes, the first at once, and the stream ends after the job reaches a final status. The job service has
 * no push channel, so each stream polls it every {@code events.poll-interval} on one shared scheduler thread;
 * the number of open streams is bounded.
 */
@Component
class JobEventStreams implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

  private final JobClient jobs;
  private final GatewayProperties.Events settings;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "job-events");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger open = new AtomicInteger();

  JobEventStreams(JobClient jobs, GatewayProperties properties) {
    this.jobs = jobs;
    this.settings = properties.events();
  }

  /** The caller has already been shown the job, so it may watch it. */
  SseEmitter open(String jobId) {
    if (open.incrementAndGet() > settings.maxStreams()) {
      open.decrementAndGet();
      throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
          "The gateway serves at most " + settings.maxStreams() + " event streams at once "
              + "(gristmill.gateway.events.max-streams); try again later."), null);
    }
    SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
    AtomicReference<Job> last = new AtomicReference<>();
    Duration every = settings.pollInterval();
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    Runnable stop = () -> {
      ScheduledFuture<?> f = task.getAndSet(null);
      if (f != null) {
        f.cancel(false);
        open.decrementAndGet();
      }
    };
    emitter.onCompletion(stop);
    emitter.onTimeout(stop);
    emitter.onError(e -> stop.run());
    task.set(scheduler.scheduleWithFixedDelay(() -> poll(jobId, emitter, last, stop), 0, every.toMillis(),
        TimeUnit.MILLISECONDS));
    return emitter;
  }

  private void poll(String jobId, SseEmitter emitter, AtomicReference<Job> last, Runnable stop) {
    try {
      Job job = jobs.get(jobId);
      if (!job.equals(last.get())) {
        last.set(job);
        emitter.send(SseEmitter.event().name("job").id(Long.toString(System.nanoTime()))
            .data(JobView.of(job)));
      }
      if (JobStatus.of(job).hasEnded()) {
        stop.run();
        emitter.complete();
      }
    } catch (StatusRuntimeException e) {
      // A passing outage of the job service: keep the stream and try again at the next tick.
      log.debug("event stream of job {}: job service answered {}", jobId, e.getStatus());
    } catch (IOException | IllegalStateException e) {
      // The browser went away.
      stop.run();
    }
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }
}
