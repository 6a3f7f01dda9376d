package io.gristmill.deployment;

import static io.gristmill.deployment.GristmillChart.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trial install: ci/bundled-postgresql-values.yaml (bundled PostgreSQL, scale from zero, internal auth on). */
class BundledPostgresqlTest {

  private static final RenderedRelease RELEASE = GristmillChart.render("ci/bundled-postgresql-values.yaml");
  private static final String POSTGRESQL = name("postgresql");

  @Test
  void runsOnePostgresqlWithItsOwnVolumeAndAGeneratedPassword() {
    StatefulSet postgresql = RELEASE.one(StatefulSet.class, POSTGRESQL);

    assertThat(postgresql.getSpec().getReplicas()).isEqualTo(1);
    assertThat(postgresql.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("2Gi"));
    Secret login = RELEASE.one(Secret.class, POSTGRESQL);
    assertThat(login.getData()).containsOnlyKeys("username", "password");
    assertThat(RELEASE.env(POSTGRESQL, "POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo(POSTGRESQL);
  }

  @Test
  void theServicesThatOwnASchemaConnectToTheBundledInstance() {
    for (String owner : List.of("job-service", "storage")) {
      assertThat(RELEASE.env(name(owner), "SPRING_DATASOURCE_URL").getValue())
          .isEqualTo("jdbc:postgresql://mill-gristmill-postgresql.prod.svc.cluster.local:5432/gristmill?sslmode=disable");
      assertThat(RELEASE.env(name(owner), "SPRING_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo(POSTGRESQL);
    }
  }

  @Test
  void postgresqlIsReachedOnlyByTheJobServiceStorageAndKeda() {
    NetworkPolicy policy = RELEASE.one(NetworkPolicy.class, POSTGRESQL);

    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getEgress()).isEmpty();
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
      List<NetworkPolicyPeer> from = rule.getFrom();
      assertThat(from).hasSize(3);
      assertThat(from.get(0).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "job-service");
      assertThat(from.get(1).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "storage");
      assertThat(from.get(2).getNamespaceSelector().getMatchLabels())
          .containsExactly(Map.entry("kubernetes.io/metadata.name", "keda"));
    });
  }

  @Test
  void kedaMayScaleWorkersToZeroAndReadsTheBundledDatabase() {
    GenericKubernetesResource scaledObject = RELEASE.custom("ScaledObject", name("worker"));

    assertThat((Integer) scaledObject.get("spec", "minReplicaCount")).isEqualTo(0);
    assertThat((Integer) scaledObject.get("spec", "maxReplicaCount")).isEqualTo(5);
    assertThat((String) scaledObject.get("spec", "triggers", 0, "metadata", "host"))
        .isEqualTo("mill-gristmill-postgresql.prod.svc.cluster.local");
    assertThat((String) RELEASE.custom("TriggerAuthentication", name("worker")).get("spec", "secretTargetRef", 1, "name"))
        .isEqualTo(POSTGRESQL);
  }

  @Test
  void internalAuthHandsEveryServiceTheGeneratedCredential() {
    assertThat(RELEASE.one(Secret.class, name("internal-auth")).getData()).containsOnlyKeys("token");
    for (String service : List.of("gateway", "job-service", "worker", "storage")) {
      assertThat(RELEASE.env(name(service), "GRISTMILL_INTERNAL_AUTH_TOKEN").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo(name("internal-auth"));
    }
  }

  @Test
  void aFixedZoneIsPassedAsIs() {
    assertThat(RELEASE.env(name("storage"), "GRISTMILL_STORAGE_ZONE").getValue()).isEqualTo("trial");
  }
}
