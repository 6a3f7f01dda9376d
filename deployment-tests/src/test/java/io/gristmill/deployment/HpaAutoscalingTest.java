package io.gristmill.deployment;

import static io.gristmill.deployment.GristmillChart.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import org.junit.jupiter.api.Test;

/** Clusters without KEDA: ci/hpa-values.yaml turns KEDA off and a plain HorizontalPodAutoscaler on. */
class HpaAutoscalingTest {

  private static final RenderedRelease RELEASE = GristmillChart.render("ci/hpa-values.yaml");

  @Test
  void theAutoscalerTargetsTheWorkerDeploymentWithTheConfiguredBounds() {
    HorizontalPodAutoscaler hpa = RELEASE.one(HorizontalPodAutoscaler.class, name("worker"));

    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name("worker"));
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(RELEASE.one(Deployment.class, name("worker")).getSpec().getReplicas()).isNull();
  }

  @Test
  void scalesOnCpuAndOnTheBacklogSharedOutBySlots() {
    HorizontalPodAutoscaler hpa = RELEASE.one(HorizontalPodAutoscaler.class, name("worker"));

    assertThat(hpa.getSpec().getMetrics()).hasSize(2);
    MetricSpec cpu = hpa.getSpec().getMetrics().get(0);
    assertThat(cpu.getResource().getName()).isEqualTo("cpu");
    assertThat(cpu.getResource().getTarget().getAverageUtilization()).isEqualTo(60);
    MetricSpec backlog = hpa.getSpec().getMetrics().get(1);
    assertThat(backlog.getExternal().getMetric().getName()).isEqualTo("gristmill_tasks_pending");
    assertThat(backlog.getExternal().getTarget().getAverageValue().toString()).isEqualTo("4");
  }

  @Test
  void rendersNoKedaObjects() {
    assertThat(RELEASE.custom("ScaledObject")).isEmpty();
    assertThat(RELEASE.custom("TriggerAuthentication")).isEmpty();
  }
}
