package io.gristmill.jobs.worker;

import io.gristmill.jobs.system.InvalidRequestException;
import io.gristmill.jobs.system.NotFoundException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers workers and records that they are alive. */
@Service
public class WorkerRegistry {

  private final WorkerRepository workers;
  private final Clock clock;

  WorkerRegistry(WorkerRepository workers, Clock clock) {
    this.workers = workers;
    this.clock = clock;
  }

  @Transactional
  public Worker register(WorkerRegistration registration) {
    if (registration.slots() < 1) {
      throw new InvalidRequestException("slots must be at least 1, got " + registration.slots());
    }
    if (registration.shuffleAddress().isBlank()) {
      throw new InvalidRequestException("shuffle_address is required");
    }
    return workers.save(new Worker(registration.host(), registration.pid(), registration.slots(),
        registration.shuffleAddress(), clock.instant()));
  }

  @Transactional
  public void heartbeat(UUID workerId) {
    require(workerId).heartbeat(clock.instant());
  }

  /** The worker, or {@link NotFoundException} "worker &lt;id&gt; is not registered". */
  @Transactional(readOnly = true)
  public Worker require(UUID workerId) {
    return workers.findById(workerId)
        .orElseThrow(() -> new NotFoundException("worker " + workerId + " is not registered"));
  }
}
