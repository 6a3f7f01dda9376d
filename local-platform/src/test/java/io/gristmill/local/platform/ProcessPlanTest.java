package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessPlanTest {

  @Test
  void workerStartsWithItsWholeHeapUpToTheCap() {
    assertThat(ProcessPlan.workerInitialHeap(256L << 20)).isEqualTo("256m");
    assertThat(ProcessPlan.workerInitialHeap(128L << 20)).isEqualTo("128m");
    assertThat(ProcessPlan.workerInitialHeap(1L << 30)).isEqualTo("256m");
  }
}
