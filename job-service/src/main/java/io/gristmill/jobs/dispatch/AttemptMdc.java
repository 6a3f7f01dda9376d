package io.gristmill.jobs.dispatch;

import java.util.UUID;
import org.slf4j.MDC;

/** Puts the ids of the job, task and attempt being worked on in the MDC, for the lines logged meanwhile. */
record AttemptMdc(UUID jobId, UUID taskId, UUID attemptId) implements AutoCloseable {

  AttemptMdc {
    MDC.put("jobId", jobId.toString());
    MDC.put("taskId", taskId.toString());
    MDC.put("attemptId", attemptId.toString());
  }

  @Override
  public void close() {
    MDC.remove("jobId");
    MDC.remove("taskId");
    MDC.remove("attemptId");
  }
}
