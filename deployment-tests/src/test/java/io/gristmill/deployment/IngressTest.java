package io.gristmill.deployment;

import static io.gristmill.deployment.GristmillChart.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ci/ingress-values.yaml: the gateway behind an Ingress with TLS, a ServiceMonitor, KEDA on Prometheus. */
class IngressTest {

  private static final RenderedRelease RELEASE = GristmillChart.render("ci/ingress-values.yaml");

  @Test
  void publishesTheGatewayOverTls() {
    Ingress ingress = RELEASE.one(Ingress.class, name("gateway"));

    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getHosts()).containsExactly("mill.example.org");
      assertThat(tls.getSecretName()).isEqualTo("mill-example-org-tls");
    });
    assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isEqualTo("mill.example.org");
      IngressBackend backend = rule.getHttp().getPaths().get(0).getBackend();
      assertThat(backend.getService().getName()).isEqualTo(name("gateway"));
      assertThat(backend.getService().getPort().getName()).isEqualTo("http");
    });
  }

  @Test
  void theGatewayTakesTrafficOnlyFromTheIngressControllersNamespace() {
    NetworkPolicy gateway = RELEASE.one(NetworkPolicy.class, name("gateway"));

    assertThat(gateway.getSpec().getIngress()).singleElement().satisfies(rule ->
        assertThat(rule.getFrom()).singleElement().satisfies(peer ->
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                .containsExactly(Map.entry("kubernetes.io/metadata.name", "ingress-nginx"))));
  }

  @Test
  void theServiceMonitorScrapesOneServicePerComponent() {
    GenericKubernetesResource monitor = RELEASE.custom("ServiceMonitor", "mill-gristmill");

    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat((Map<String, Object>) monitor.get("spec", "selector", "matchLabels"))
        .containsExactly(Map.entry("app.kubernetes.io/instance", "mill"), Map.entry("gristmill.io/metrics", "true"));
    assertThat((String) monitor.get("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
    assertThat(RELEASE.all(Service.class))
        .filteredOn(service -> "true".equals(service.getMetadata().getLabels().get("gristmill.io/metrics")))
        .extracting(service -> service.getMetadata().getLabels().get("app.kubernetes.io/component"))
        .containsExactlyInAnyOrder("gateway", "job-service", "worker", "storage");
  }

  @Test
  void kedaReadsTheBacklogFromTheJobServicesGauges() {
    GenericKubernetesResource scaledObject = RELEASE.custom("ScaledObject", name("worker"));

    assertThat((String) scaledObject.get("spec", "triggers", 0, "type")).isEqualTo("prometheus");
    assertThat((Map<String, Object>) scaledObject.get("spec", "triggers", 0, "metadata"))
        .containsEntry("query", "max(gristmill_tasks_pending) + max(gristmill_tasks_running)")
        .containsEntry("threshold", "2")
        .containsEntry("serverAddress", "http://prometheus-operated.monitoring.svc:9090");
    assertThat(RELEASE.custom("TriggerAuthentication")).isEmpty();
  }
}
