package io.gristmill.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClockOffsetEstimatorTest {

  @Test
  void hasNoEstimateBeforeTheFirstRoundTrip() {
    assertThat(new ClockOffsetEstimator(8).offsetMillis()).isEmpty();
  }

  @Test
  void estimatesOffsetAsReceiptMinusServerTimeMinusHalfTheRoundTrip() {
    ClockOffsetEstimator estimator = new ClockOffsetEstimator(8);
    // Sent at 10_000, answered at server time 9_530, received at 10_040: RTT 40, 10_040 - (9_530 + 20) = 490.
    estimator.add(10_000, 9_530, 10_040);
    assertThat(estimator.offsetMillis()).isEqualTo(OptionalLong.of(490));
  }

  @Test
  void clockOffsetEstimateUsesSmallestRoundTrip() {
    ClockOffsetEstimator estimator = new ClockOffsetEstimator(8);
    // The worker runs 500 ms ahead. A fast round trip (10 ms) pins that down; slow, lopsided ones do not.
    estimator.add(1_000, 505, 1_010); // RTT 10: 1_010 - (505 + 5) = 500
    estimator.add(2_000, 1_580, 2_400); // RTT 400, answered late: 2_400 - (1_580 + 200) = 620
    estimator.add(3_000, 2_520, 3_300); // RTT 300, answered early: 3_300 - (2_520 + 150) = 630
    assertThat(estimator.offsetMillis()).isEqualTo(OptionalLong.of(500));
    estimator.add(4_000, 3_502, 4_004); // RTT 4: 4_004 - (3_502 + 2) = 500, now the best
    estimator.add(5_000, 4_505, 5_020); // RTT 20: 5_020 - (4_505 + 10) = 505
    assertThat(estimator.offsetMillis()).isEqualTo(OptionalLong.of(500));
  }

  @Test
  void forgetsSamplesOlderThanTheWindowSoAChangedClockIsFollowed() {
    ClockOffsetEstimator estimator = new ClockOffsetEstimator(3);
    estimator.add(1_000, 1_000, 1_002); // RTT 2, offset 1_002 - 1_001 = 1
    estimator.add(2_000, 1_000, 2_050); // RTT 50: the worker's clock jumped about 1 s ahead: 2_050 - 1_025 = 1_025
    estimator.add(3_000, 1_990, 3_030); // RTT 30: 3_030 - 2_005 = 1_025
    assertThat(estimator.offsetMillis()).isEqualTo(OptionalLong.of(1));
    estimator.add(4_000, 2_990, 4_040); // RTT 40: 4_040 - 3_010 = 1_030; the RTT-2 sample leaves the window
    assertThat(estimator.offsetMillis()).isEqualTo(OptionalLong.of(1_025));
  }

  @Test
  void ignoresAnswersWithoutServerTimeAndClocksThatWentBackwards() {
    ClockOffsetEstimator estimator = new ClockOffsetEstimator(8);
    estimator.add(1_000, 0, 1_010);
    estimator.add(2_000, 1_500, 1_990);
    assertThat(estimator.offsetMillis()).isEmpty();
  }

  @Test
  void aNegativeOffsetMeansTheWorkerIsBehind() {
    ClockOffsetEstimator estimator = new ClockOffsetEstimator(8);
    estimator.add(1_000, 1_760, 1_020); // 1_020 - (1_760 + 10) = -750
    assertThat(estimator.offsetMillis()).isEqualTo(OptionalLong.of(-750));
  }
}
