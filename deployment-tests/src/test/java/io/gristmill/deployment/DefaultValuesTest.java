package io.gristmill.deployment;

import static io.gristmill.deployment.GristmillChart.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `helm install` with nothing but the chart's own values. */
class DefaultValuesTest {

  private static final RenderedRelease RELEASE = GristmillChart.render();
  private static final String STORAGE_ADDRESSES =
      "mill-gristmill-storage-0.mill-gristmill-storage-headless.prod.svc.cluster.local:9090,"
          + "mill-gristmill-storage-1.mill-gristmill-storage-headless.prod.svc.cluster.local:9090,"
          + "mill-gristmill-storage-2.mill-gristmill-storage-headless.prod.svc.cluster.local:9090";

  @Test
  void runsGatewayJobServiceAndWorkersAsDeploymentsWithTwoJobServiceReplicas() {
    assertThat(RELEASE.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(name("gateway"), name("job-service"), name("worker"));
    assertThat(RELEASE.one(Deployment.class, name("job-service")).getSpec().getReplicas()).isEqualTo(2);
    assertThat(RELEASE.one(Deployment.class, name("gateway")).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void runsStorageAsAStatefulSetWithAVolumeClaimTemplateMountedAtTheDataDirectory() {
    StatefulSet storage = RELEASE.one(StatefulSet.class, name("storage"));

    assertThat(storage.getSpec().getReplicas()).isEqualTo(3);
    assertThat(storage.getSpec().getServiceName()).isEqualTo("mill-gristmill-storage-headless");
    PersistentVolumeClaim claim = storage.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getMetadata().getName()).isEqualTo("data");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("50Gi"));
    assertThat(RELEASE.container(name("storage")).getVolumeMounts())
        .anySatisfy(mount -> {
          assertThat(mount.getName()).isEqualTo("data");
          assertThat(mount.getMountPath()).isEqualTo("/var/lib/gristmill/storage");
        });
    assertThat(RELEASE.env(name("storage"), "GRISTMILL_STORAGE_DATA_DIR").getValue())
        .isEqualTo("/var/lib/gristmill/storage");
  }

  @Test
  void storageNodesAdvertiseTheirStableDnsNameAndReadTheirZoneFromTheTopologyLabel() {
    String storage = name("storage");

    assertThat(RELEASE.env(storage, "GRISTMILL_STORAGE_NODE_ID").getValue()).isEqualTo("$(POD_NAME)");
    assertThat(RELEASE.env(storage, "GRISTMILL_STORAGE_ADVERTISED_ADDRESS").getValue())
        .isEqualTo("$(POD_NAME).mill-gristmill-storage-headless.prod.svc.cluster.local:9090");
    assertThat(RELEASE.env(storage, "GRISTMILL_STORAGE_ZONE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.labels['topology.kubernetes.io/zone']");
    Service headless = RELEASE.one(Service.class, "mill-gristmill-storage-headless");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(RELEASE.one(StatefulSet.class, storage).getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey())
        .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
  }

  @Test
  void everyClientIsGivenEveryStorageNodeAndTheJobServiceAddress() {
    assertThat(RELEASE.env(name("job-service"), "GRISTMILL_JOBS_STORAGE_ADDRESSES").getValue()).isEqualTo(STORAGE_ADDRESSES);
    assertThat(RELEASE.env(name("worker"), "GRISTMILL_WORKER_STORAGE_ADDRESSES").getValue()).isEqualTo(STORAGE_ADDRESSES);
    assertThat(RELEASE.env(name("gateway"), "GRISTMILL_GATEWAY_STORAGE_ADDRESSES").getValue()).isEqualTo(STORAGE_ADDRESSES);
    assertThat(RELEASE.env(name("worker"), "GRISTMILL_WORKER_JOB_SERVICE_ADDRESS").getValue())
        .isEqualTo("mill-gristmill-job-service.prod.svc.cluster.local:9090");
    assertThat(RELEASE.env(name("gateway"), "GRISTMILL_GATEWAY_JOB_SERVICE_ADDRESS").getValue())
        .isEqualTo("mill-gristmill-job-service.prod.svc.cluster.local:9090");
  }

  @Test
  void onlyTheServicesThatOwnASchemaGetTheExternalDatabaseLogin() {
    for (String owner : List.of("gateway", "job-service", "storage")) {
      assertThat(RELEASE.env(name(owner), "SPRING_DATASOURCE_URL").getValue())
          .isEqualTo("jdbc:postgresql://postgres:5432/gristmill?sslmode=prefer");
      EnvVar password = RELEASE.env(name(owner), "SPRING_DATASOURCE_PASSWORD");
      assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("gristmill-postgresql");
      assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    }
    assertThat(RELEASE.container(name("worker")).getEnv())
        .noneSatisfy(env -> assertThat(env.getName()).startsWith("SPRING_DATASOURCE"));
    assertThat(RELEASE.all(Secret.class)).extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(name("admin-token"), name("internal-auth"));
  }

  @Test
  void kedaScalesTheWorkerDeploymentOnTheDatabaseBacklogBetweenTheConfiguredBounds() {
    GenericKubernetesResource scaledObject = RELEASE.custom("ScaledObject", name("worker"));

    assertThat(scaledObject.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat((String) scaledObject.get("spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
    assertThat((String) scaledObject.get("spec", "scaleTargetRef", "name")).isEqualTo(name("worker"));
    assertThat((Integer) scaledObject.get("spec", "minReplicaCount")).isEqualTo(1);
    assertThat((Integer) scaledObject.get("spec", "maxReplicaCount")).isEqualTo(10);
    assertThat((String) scaledObject.get("spec", "triggers", 0, "type")).isEqualTo("postgresql");
    Map<String, Object> trigger = scaledObject.get("spec", "triggers", 0, "metadata");
    assertThat(trigger)
        .containsEntry(
            "query",
            "SELECT count(*) FROM jobs.task t JOIN jobs.job j ON j.id = t.job_id"
                + " WHERE t.status IN ('PENDING', 'RUNNING') AND j.status IN ('PENDING', 'RUNNING')")
        .containsEntry("targetQueryValue", "2")
        .containsEntry("host", "postgres")
        .containsEntry("dbName", "gristmill");
    GenericKubernetesResource auth = RELEASE.custom("TriggerAuthentication", name("worker"));
    assertThat((String) scaledObject.get("spec", "triggers", 0, "authenticationRef", "name")).isEqualTo(name("worker"));
    assertThat((String) auth.get("spec", "secretTargetRef", 1, "name")).isEqualTo("gristmill-postgresql");
    assertThat((String) auth.get("spec", "secretTargetRef", 1, "parameter")).isEqualTo("password");
    assertThat(RELEASE.one(Deployment.class, name("worker")).getSpec().getReplicas())
        .as("the autoscaler owns the replica count")
        .isNull();
    assertThat(RELEASE.all(HorizontalPodAutoscaler.class)).isEmpty();
  }

  @Test
  void workersAdvertiseTheirPodIpAndDrainBeforeTheyStop() {
    String worker = name("worker");
    var pod = RELEASE.podSpecs().get(worker);

    assertThat(RELEASE.env(worker, "GRISTMILL_WORKER_ADVERTISED_HOST").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("status.podIP");
    assertThat(RELEASE.env(worker, "GRISTMILL_WORKER_SLOTS").getValue()).isEqualTo("2");
    assertThat(RELEASE.env(worker, "GRISTMILL_WORKER_DRAIN_TIMEOUT").getValue()).isEqualTo("300s");
    assertThat(RELEASE.env(worker, "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE").getValue()).isEqualTo("315s");
    assertThat(RELEASE.container(worker).getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(335L);
    assertThat(pod.getVolumes())
        .anySatisfy(volume -> {
          assertThat(volume.getName()).isEqualTo("work");
          assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("20Gi"));
        });
  }

  @Test
  void theGatewayReadsTheHashOfTheGeneratedAdminToken() {
    EnvVar hash = RELEASE.env(name("gateway"), "GRISTMILL_GATEWAY_SECURITY_ADMIN_TOKEN_SHA256");

    assertThat(hash.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name("admin-token"));
    assertThat(hash.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sha256");
  }

  @Test
  void serviceToServiceAuthenticationIsOnWithAGeneratedSecretForEveryService() {
    assertThat(RELEASE.one(Secret.class, name("internal-auth")).getData()).containsOnlyKeys("token");
    for (String service : List.of("gateway", "job-service", "worker", "storage")) {
      EnvVar token = RELEASE.env(name(service), "GRISTMILL_INTERNAL_AUTH_TOKEN");
      assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name("internal-auth"));
      assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    }
  }

  @Test
  void onlyTheGatewayTakesTrafficFromOutsideTheRelease() {
    NetworkPolicy gateway = RELEASE.one(NetworkPolicy.class, name("gateway"));
    assertThat(gateway.getSpec().getIngress()).singleElement().satisfies(rule -> assertThat(rule.getFrom()).isEmpty());

    for (String internal : List.of("job-service", "worker", "storage")) {
      NetworkPolicy policy = RELEASE.one(NetworkPolicy.class, name(internal));
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        assertThat(rule.getFrom()).as("%s ingress names its sources", internal).isNotEmpty();
      }
    }
    assertThat(sourceComponents(RELEASE.one(NetworkPolicy.class, name("job-service")).getSpec().getIngress().get(0)))
        .containsExactly("gateway", "worker");
    assertThat(sourceComponents(RELEASE.one(NetworkPolicy.class, name("storage")).getSpec().getIngress().get(0)))
        .containsExactly("gateway", "job-service", "worker", "storage");
    assertThat(sourceComponents(RELEASE.one(NetworkPolicy.class, name("worker")).getSpec().getIngress().get(0)))
        .containsExactly("worker");
  }

  @Test
  void onlyTheServicesThatOwnASchemaMayOpenConnectionsToPostgresql() {
    for (String owner : List.of("gateway", "job-service", "storage")) {
      assertThat(egressPorts(RELEASE.one(NetworkPolicy.class, name(owner)).getSpec().getEgress())).contains(5432);
    }
    assertThat(egressPorts(RELEASE.one(NetworkPolicy.class, name("worker")).getSpec().getEgress()))
        .doesNotContain(5432);
  }

  @Test
  void disruptionBudgetsKeepEachComponentServing() {
    assertThat(RELEASE.one(PodDisruptionBudget.class, name("gateway")).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(RELEASE.one(PodDisruptionBudget.class, name("job-service")).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(RELEASE.one(PodDisruptionBudget.class, name("storage")).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(RELEASE.one(PodDisruptionBudget.class, name("worker")).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void rendersNoOptionalExtras() {
    assertThat(RELEASE.all(Ingress.class)).isEmpty();
    assertThat(RELEASE.custom("ServiceMonitor")).isEmpty();
    assertThat(RELEASE.find(StatefulSet.class, name("postgresql"))).isEmpty();
  }

  @Test
  void everyServiceRunsItsOwnImageAtTheChartsAppVersion() {
    assertThat(RELEASE.container(name("gateway")).getImage()).isEqualTo("gristmill/gateway-service:0.1.0-SNAPSHOT");
    assertThat(RELEASE.container(name("job-service")).getImage()).isEqualTo("gristmill/job-service:0.1.0-SNAPSHOT");
    assertThat(RELEASE.container(name("worker")).getImage()).isEqualTo("gristmill/worker-service:0.1.0-SNAPSHOT");
    assertThat(RELEASE.container(name("storage")).getImage()).isEqualTo("gristmill/storage-service:0.1.0-SNAPSHOT");
  }

  private static List<String> sourceComponents(NetworkPolicyIngressRule rule) {
    return rule.getFrom().stream()
        .map(NetworkPolicyPeer::getPodSelector)
        .map(selector -> selector.getMatchLabels().get("app.kubernetes.io/component"))
        .toList();
  }

  private static List<Integer> egressPorts(List<NetworkPolicyEgressRule> rules) {
    return rules.stream()
        .flatMap(rule -> rule.getPorts().stream())
        .filter(port -> port.getPort().getIntVal() != null)
        .map(port -> port.getPort().getIntVal())
        .toList();
  }
}
