package io.gristmill.grpc.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(1_000);

  @Test
  void ceilingGrowsByTheMultiplierUpToTheMaximum() {
    Backoff backoff = new Backoff(INITIAL, MAX, 2, new Random(1));
    assertThat(List.of(0, 1, 2, 3, 4, 5, 40, Integer.MAX_VALUE).stream().map(backoff::ceilingMillis))
        .containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L, 1_000L, 1_000L);
  }

  @Test
  void eachWaitIsDrawnUniformlyBetweenZeroAndItsCeiling() {
    // Full jitter with the same seed: the waits are exactly the seeded draws below each ceiling.
    Backoff backoff = new Backoff(INITIAL, MAX, 2, new Random(7));
    Random reference = new Random(7);
    for (long ceiling : new long[] {100, 200, 400, 800, 1_000, 1_000}) {
      assertThat(backoff.next()).isEqualTo(Duration.ofMillis(reference.nextLong(ceiling + 1)));
    }
    assertThat(backoff.retries()).isEqualTo(6);
  }

  @Test
  void waitsSpreadOverTheWholeRangeNotJustNearTheCeiling() {
    Backoff backoff = new Backoff(MAX, MAX, 1, new Random(3));
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      waits.add(backoff.next().toMillis());
    }
    assertThat(waits).allMatch(w -> w >= 0 && w <= 1_000);
    assertThat(waits).anyMatch(w -> w < 100).anyMatch(w -> w > 900);
  }

  @Test
  void resetStartsFromTheInitialCeilingAgain() {
    Backoff backoff = new Backoff(INITIAL, MAX, 10, new Random(5));
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.retries()).isZero();
    for (int i = 0; i < 50; i++) {
      assertThat(backoff.next().toMillis()).isBetween(0L, 100L);
      backoff.reset();
    }
  }

  @Test
  void rejectsSettingsThatCannotBackOff() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, 2))
        .hasMessage("initial backoff must be positive, got PT0S");
    assertThatThrownBy(() -> new Backoff(MAX, INITIAL, 2))
        .hasMessage("max backoff PT0.1S is shorter than the initial backoff PT1S");
    assertThatThrownBy(() -> new Backoff(INITIAL, MAX, 0.5))
        .hasMessage("backoff multiplier must be at least 1, got 0.5");
  }
}
