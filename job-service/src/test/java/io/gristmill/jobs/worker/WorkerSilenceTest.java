package io.gristmill.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerSilenceTest {

  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void aWorkerSilentForLongerThanTheLeaseIsOverdue() {
    WorkerSilence silence = new WorkerSilence(LEASE, START);
    Instant lastHeartbeat = START.plusSeconds(60);

    assertThat(silence.isOverdue(lastHeartbeat, lastHeartbeat.plusSeconds(10))).isFalse();
    assertThat(silence.isOverdue(lastHeartbeat, lastHeartbeat.plusSeconds(11))).isTrue();
    assertThat(silence.overdueBefore(START.plusSeconds(71))).contains(START.plusSeconds(61));
  }

  @Test
  void silenceIsCountedFromTheWatchersStartSoThatARestartDoesNotKillEverybody() {
    // The job service was down for five minutes; the workers' last heartbeats are that old.
    WorkerSilence restarted = new WorkerSilence(LEASE, START);
    Instant beforeTheOutage = START.minus(Duration.ofMinutes(5));

    assertThat(restarted.isOverdue(beforeTheOutage, START.plusSeconds(9))).isFalse();
    assertThat(restarted.overdueBefore(START.plusSeconds(9))).isEmpty();
    assertThat(restarted.isOverdue(beforeTheOutage, START.plusSeconds(11))).isTrue();
    assertThat(restarted.overdueBefore(START.plusSeconds(11))).contains(START.plusSeconds(1));
  }
}
