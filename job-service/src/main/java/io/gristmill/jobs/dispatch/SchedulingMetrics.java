package io.gristmill.jobs.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counters of what fault tolerance did, per job-service process (Prometheus sums them over replicas). */
@Component
class SchedulingMetrics {

  final Counter workersDeclaredDead;
  final Counter attemptsLost;
  final Counter attemptsKilled;
  final Counter backupsLaunched;
  final Counter backupsWon;
  final Counter fetchFailureReruns;

  SchedulingMetrics(MeterRegistry meters) {
    workersDeclaredDead = Counter.builder("gristmill.workers.declared.dead")
        .description("Workers declared dead after their heartbeats stopped for longer than the lease")
        .register(meters);
    attemptsLost = Counter.builder("gristmill.attempts.lost")
        .description("Attempts lost with their worker or their lease; their tasks were re-queued")
        .register(meters);
    attemptsKilled = Counter.builder("gristmill.attempts.killed")
        .description("Attempts stopped by the job service: job cancelled or ended, or another attempt won")
        .register(meters);
    backupsLaunched = Counter.builder("gristmill.backups.launched")
        .description("Backup attempts started for stragglers").register(meters);
    backupsWon = Counter.builder("gristmill.backups.won")
        .description("Tasks committed by their backup attempt").register(meters);
    fetchFailureReruns = Counter.builder("gristmill.maps.rerun.fetch.failures")
        .description("Map tasks run again because reducers could not fetch their output").register(meters);
  }
}
