package io.gristmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrefetchTest {

  private static final long MILLI = 1_000_000;

  private final WorkerProperties.Prefetch prefetch = new WorkerProperties.Prefetch(32, Duration.ofMillis(200));

  @Test
  void queuesAsManyTasksAsTheLastOnesRunTimeFitsIntoAhead() {
    assertThat(prefetch.queueFor(20 * MILLI)).isEqualTo(10);
    assertThat(prefetch.queueFor(90 * MILLI)).isEqualTo(2);
  }

  @Test
  void queuesAtMostTheConfiguredNumberOfTinyTasks() {
    assertThat(prefetch.queueFor(2 * MILLI)).isEqualTo(32);
    assertThat(prefetch.queueFor(0)).isEqualTo(32);
  }

  @Test
  void queuesNothingAfterATaskThatRanAsLongAsAheadOrBeforeAnyTaskRan() {
    assertThat(prefetch.queueFor(200 * MILLI)).isZero();
    assertThat(prefetch.queueFor(Long.MAX_VALUE)).isZero();
  }

  @Test
  void queuesNothingWhenTurnedOff() {
    assertThat(new WorkerProperties.Prefetch(0, Duration.ofMillis(200)).queueFor(MILLI)).isZero();
    assertThat(new WorkerProperties.Prefetch(32, Duration.ZERO).queueFor(MILLI)).isZero();
  }

  @Test
  void refusesANegativeCountOrAhead() {
    assertThatThrownBy(() -> new WorkerProperties.Prefetch(-1, Duration.ofMillis(200)))
        .hasMessage("gristmill.worker.prefetch.tasks must not be negative, got -1");
    assertThatThrownBy(() -> new WorkerProperties.Prefetch(4, Duration.ofMillis(-1)))
        .hasMessage("gristmill.worker.prefetch.ahead must not be negative, got PT-0.001S");
  }
}
