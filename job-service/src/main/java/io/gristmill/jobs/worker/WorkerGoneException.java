package io.gristmill.jobs.worker;

import io.gristmill.jobs.system.NotFoundException;
import java.util.UUID;

/** A worker declared dead, or gone, called in: it must register again (NOT_FOUND, so that it does). */
public final class WorkerGoneException extends NotFoundException {

  WorkerGoneException(UUID workerId, WorkerState state) {
    super(state == WorkerState.LEFT
        ? "worker " + workerId + " has left; register again"
        : "worker " + workerId + " was declared dead; register again");
  }
}
