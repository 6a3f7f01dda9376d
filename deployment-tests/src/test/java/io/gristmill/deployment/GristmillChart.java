package io.gristmill.deployment;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;

/** The chart in helm/gristmill, linted and rendered by Helm itself (in-process, through the Helm Java binding). */
final class GristmillChart {

  static final Path DIRECTORY = Path.of("..", "helm", "gristmill").toAbsolutePath().normalize();
  static final String RELEASE = "mill";
  static final String NAMESPACE = "prod";
  /** A Kubernetes version inside the chart's kubeVersion range (Helm's own default is older). */
  static final String KUBE_VERSION = "1.31.0";

  private GristmillChart() {}

  static LintResult lint() {
    return new Helm(DIRECTORY).lint().strict().call();
  }

  /** Renders the chart as `helm template mill helm/gristmill -n prod [-f values]` would. */
  static RenderedRelease render(String... valuesFiles) {
    FakeKubernetesApi.get();
    TemplateCommand template =
        new Helm(DIRECTORY).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    for (String valuesFile : valuesFiles) {
      template = template.withValuesFile(DIRECTORY.resolve(valuesFile));
    }
    return RenderedRelease.parse(template.call());
  }

  /** Resource name of one component in the test release, e.g. "mill-gristmill-worker". */
  static String name(String component) {
    return RELEASE + "-gristmill-" + component;
  }
}
