package io.gristmill.gateway.worker;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.gateway.job.JobClient;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The workers the job service knows, with their slots, load and liveness. */
@RestController
class WorkerController {

  private final JobClient jobs;

  WorkerController(JobClient jobs) {
    this.jobs = jobs;
  }

  /**
   * @param clockOffsetMillis the worker's clock minus the job service's, as last estimated
   * @param pid the worker's process id on its host
   * @param runningAttempts attempts running on it now
   * @param lastHeartbeat by the job service's clock
   * @param state ALIVE while heartbeats arrive within the lease; DRAINING while it finishes its attempts before
   *     leaving; LOST once declared dead (heartbeats stopped for longer than the lease); LEFT after it left
   */
  record WorkerView(String id, String host, long pid, int slots, int runningAttempts, String shuffleAddress,
      Instant registeredAt, Instant lastHeartbeat, long clockOffsetMillis, String state) {

    static WorkerView of(Worker w) {
      return new WorkerView(w.getId(), w.getHost(), w.getPid(), w.getSlots(), w.getRunningAttempts(),
          w.getShuffleAddress(), instant(w.getRegisteredAt()), instant(w.getLastHeartbeat()),
          w.getClockOffsetMillis(), w.getState());
    }
  }

  record WorkerList(List<WorkerView> workers) {}

  @GetMapping("/api/v1/workers")
  WorkerList list() {
    return new WorkerList(jobs.workers().stream().map(WorkerView::of).toList());
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
