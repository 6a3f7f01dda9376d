package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.local.platform.ScalingRule.Backlog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScalingRuleTest {

  private final MovingClock clock = new MovingClock();
  /** Between 1 and 5 workers of 2 slots, 30 s cool-down. */
  private final ScalingRule rule =
      new ScalingRule(new PlatformOptions.Autoscaling(1, 5, Duration.ofSeconds(30)), 2, clock);

  @Test
  void wantsOneWorkerPerSlotsWorthOfPendingAndRunningTasksRoundedUp() {
    assertThat(rule.wanted(new Backlog(3, 2), 1)).isEqualTo(3);
    assertThat(rule.wanted(new Backlog(1, 0), 1)).isEqualTo(1);
    assertThat(rule.wanted(new Backlog(4, 3), 2)).isEqualTo(4);
  }

  @Test
  void scalesUpAtOnceButNeverAboveTheMaximum() {
    assertThat(rule.wanted(new Backlog(100, 0), 1)).isEqualTo(5);
    assertThat(rule.wanted(new Backlog(100, 10), 5)).isEqualTo(5);
  }

  @Test
  void neverWantsFewerThanTheMinimumEvenWhenIdleForever() {
    ScalingRule atLeastTwo = new ScalingRule(new PlatformOptions.Autoscaling(2, 4, Duration.ofSeconds(30)), 2, clock);
    assertThat(atLeastTwo.wanted(new Backlog(0, 0), 2)).isEqualTo(2);
    clock.advance(Duration.ofHours(1));
    assertThat(atLeastTwo.wanted(new Backlog(0, 0), 2)).isEqualTo(2);
    assertThat(atLeastTwo.wanted(new Backlog(0, 0), 1)).isEqualTo(2);
  }

  @Test
  void retiresWorkersOnlyAfterTheCooldownWithoutBacklog() {
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(29));
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(1));
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(1);
  }

  @Test
  void keepsWorkersThatStillRunTasksOnceTheCooldownHasPassed() {
    assertThat(rule.wanted(new Backlog(0, 3), 5)).isEqualTo(5);
    clock.advance(Duration.ofSeconds(30));
    assertThat(rule.wanted(new Backlog(0, 3), 5)).isEqualTo(2);
  }

  @Test
  void aPendingTaskRestartsTheCooldown() {
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(20));
    // One task waits (say a reduce whose maps still run): no worker is retired and the calm starts over.
    assertThat(rule.wanted(new Backlog(1, 0), 4)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(20));
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(29));
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(1));
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(1);
  }

  @Test
  void aScaleUpRestartsTheCooldown() {
    assertThat(rule.wanted(new Backlog(0, 0), 3)).isEqualTo(3);
    clock.advance(Duration.ofSeconds(25));
    assertThat(rule.wanted(new Backlog(0, 8), 3)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(10));
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(30));
    assertThat(rule.wanted(new Backlog(0, 0), 4)).isEqualTo(1);
  }

  @Test
  void boundsAreCheckedWithTheOptionNames() {
    assertThatThrownBy(() -> new PlatformOptions.Autoscaling(0, 3, Duration.ZERO))
        .hasMessage("--min-workers must be between 1 and 64, was 0");
    assertThatThrownBy(() -> new PlatformOptions.Autoscaling(3, 2, Duration.ZERO))
        .hasMessage("--max-workers must be between --min-workers (3) and 64, was 2");
    assertThatThrownBy(() -> new PlatformOptions.Autoscaling(1, 2, Duration.ofSeconds(-1)))
        .hasMessage("--scale-cooldown must be between 0s and 1d, was PT-1S");
  }

  /** A clock the test moves by hand. */
  private static final class MovingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
