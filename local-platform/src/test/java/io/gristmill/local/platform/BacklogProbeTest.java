package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BacklogProbeTest {

  @Test
  void readsBothTaskGaugesFromAPrometheusExpositionWithOrWithoutLabels() {
    String exposition = """
        # HELP gristmill_tasks_pending Tasks of active jobs waiting for a worker
        # TYPE gristmill_tasks_pending gauge
        gristmill_tasks_pending{application="job-service"} 7.0
        # TYPE gristmill_tasks_pending_total counter
        gristmill_tasks_running 3.0
        """;
    assertThat(BacklogProbe.parse(exposition)).contains(new ScalingRule.Backlog(7, 3));
  }

  @Test
  void findsNothingWhenAGaugeIsMissing() {
    assertThat(BacklogProbe.parse("gristmill_tasks_pending 1.0\n")).isEmpty();
  }
}
