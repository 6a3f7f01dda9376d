package io.gristmill.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What must hold whatever the values: defaults, KEDA off/HPA on, bundled PostgreSQL, ingress on. */
class EveryValuesFileTest {

  private static final Set<String> SERVICES = Set.of("gateway", "job-service", "worker", "storage");

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"values.yaml", "ci/hpa-values.yaml", "ci/bundled-postgresql-values.yaml", "ci/ingress-values.yaml"})
  void everyContainerHasProbesResourcesAndANonRootReadOnlySecurityContext(String values) {
    Map<String, PodSpec> workloads = GristmillChart.render(values).podSpecs();

    assertThat(workloads.keySet()).containsAll(SERVICES.stream().map(GristmillChart::name).toList());
    workloads.forEach(
        (workload, pod) -> {
          assertThat(pod.getAutomountServiceAccountToken()).as("%s mounts a token", workload).isFalse();
          assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s pod runAsNonRoot", workload).isTrue();
          assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
          for (Container container : pod.getContainers()) {
            String what = workload + "/" + container.getName();
            assertThat(container.getReadinessProbe()).as("%s readiness probe", what).isNotNull();
            assertThat(container.getLivenessProbe()).as("%s liveness probe", what).isNotNull();
            assertThat(container.getResources().getRequests()).as("%s requests", what).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as("%s limits", what).containsKey("memory");
            var security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).as("%s runAsNonRoot", what).isTrue();
            assertThat(security.getRunAsUser()).as("%s runAsUser", what).isPositive();
            assertThat(security.getAllowPrivilegeEscalation()).as("%s privilege escalation", what).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).as("%s read-only root", what).isTrue();
            assertThat(security.getCapabilities().getDrop()).as("%s dropped capabilities", what).containsExactly("ALL");
          }
        });
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"values.yaml", "ci/hpa-values.yaml", "ci/bundled-postgresql-values.yaml", "ci/ingress-values.yaml"})
  void theServicesProbeTheirActuatorHealthGroups(String values) {
    RenderedRelease release = GristmillChart.render(values);

    for (String service : SERVICES) {
      Container container = release.container(GristmillChart.name(service));
      assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
      assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
      assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
      assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"values.yaml", "ci/hpa-values.yaml", "ci/bundled-postgresql-values.yaml", "ci/ingress-values.yaml"})
  void everyComponentHasANetworkPolicyAServiceAccountWithoutTokenAndADisruptionBudget(String values) {
    RenderedRelease release = GristmillChart.render(values);

    Set<String> policies = names(release.all(NetworkPolicy.class));
    Set<String> accounts = names(release.all(ServiceAccount.class));
    for (String service : SERVICES) {
      assertThat(policies).contains(GristmillChart.name(service));
      assertThat(accounts).contains(GristmillChart.name(service));
      assertThat(names(release.all(PodDisruptionBudget.class))).contains(GristmillChart.name(service));
    }
    assertThat(release.all(ServiceAccount.class))
        .allSatisfy(account -> assertThat(account.getAutomountServiceAccountToken()).isFalse());
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"values.yaml", "ci/hpa-values.yaml", "ci/bundled-postgresql-values.yaml", "ci/ingress-values.yaml"})
  void noSecretHoldsADefaultPasswordOrToken(String values) throws Exception {
    RenderedRelease first = GristmillChart.render(values);
    RenderedRelease second = GristmillChart.render(values);
    String valuesText =
        Files.readString(GristmillChart.DIRECTORY.resolve("values.yaml"))
            + Files.readString(GristmillChart.DIRECTORY.resolve(values));

    assertThat(first.all(Secret.class)).isNotEmpty();
    for (Secret secret : first.all(Secret.class)) {
      Map<String, String> again = second.one(Secret.class, secret.getMetadata().getName()).getData();
      secret.getData().entrySet().stream()
          .filter(entry -> !entry.getKey().equals("username"))
          .forEach(
              entry -> {
                String what = secret.getMetadata().getName() + "/" + entry.getKey();
                String value = new String(Base64.getDecoder().decode(entry.getValue()), StandardCharsets.UTF_8);
                assertThat(value).as("%s is generated", what).hasSizeGreaterThanOrEqualTo(40);
                assertThat(entry.getValue()).as("%s differs between installs", what).isNotEqualTo(again.get(entry.getKey()));
                assertThat(valuesText).as("%s comes from no values file", what).doesNotContain(value);
              });
    }
  }

  private static Set<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
  }
}
