package io.gristmill.worker.dispatch;

import io.gristmill.grpc.retry.Backoff;
import io.gristmill.worker.WorkerProperties;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a report to the job service, retrying with jittered backoff while it is unavailable (restarting, say), for
 * up to report-timeout in all; heartbeats go on meanwhile on their own thread. Reports are deduplicated by
 * attempt id on the job service, so a retry is safe.
 */
final class ReportRetries {

  private static final Logger log = LoggerFactory.getLogger(ReportRetries.class);

  private final WorkerProperties properties;
  private final Clock clock;

  ReportRetries(WorkerProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The call's answer, or empty when it never got through in time (or the thread was interrupted).
   *
   * @throws StatusRuntimeException when the job service refused the report (any status but the transient ones)
   */
  <T> Optional<T> call(String what, Supplier<T> call) {
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
}
