package io.gristmill.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The objects of one `helm template` run, parsed as Kubernetes types (CRDs such as KEDA's as generic resources). */
record RenderedRelease(List<HasMetadata> objects) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static RenderedRelease parse(String manifest) {
    List<HasMetadata> objects =
        Arrays.stream(manifest.split("(?m)^---\\s*$"))
            .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
            .map(document -> (HasMetadata) SERIALIZATION.unmarshal(document))
            .toList();
    return new RenderedRelease(objects);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(() -> new NoSuchElementException("no " + type.getSimpleName() + " named " + name));
  }

  /** Objects of a kind the model does not know (ScaledObject, ServiceMonitor...). */
  List<GenericKubernetesResource> custom(String kind) {
    return all(GenericKubernetesResource.class).stream().filter(o -> o.getKind().equals(kind)).toList();
  }

  GenericKubernetesResource custom(String kind, String name) {
    return custom(kind).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind + " named " + name));
  }

  /** Pod specs of every workload (Deployments and StatefulSets), by workload name. */
  Map<String, PodSpec> podSpecs() {
    Map<String, PodSpec> specs = new LinkedHashMap<>();
    all(Deployment.class).forEach(d -> specs.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
    all(StatefulSet.class).forEach(s -> specs.put(s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
    return specs;
  }

  /** The single container of a workload. */
  Container container(String workload) {
    PodSpec spec = podSpecs().get(workload);
    assertThat(spec).as("workload %s", workload).isNotNull();
    assertThat(spec.getContainers()).hasSize(1);
    return spec.getContainers().get(0);
  }

  /** A workload container's environment variable, which must exist. */
  EnvVar env(String workload, String name) {
    return envIfPresent(workload, name)
        .orElseThrow(() -> new NoSuchElementException(workload + " has no environment variable " + name));
  }

  Optional<EnvVar> envIfPresent(String workload, String name) {
    return container(workload).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }
}
