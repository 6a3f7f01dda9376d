package io.gristmill.deployment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the Kubernetes API that answers the chart's {@code lookup} calls. The Helm binding renders
 * templates with remote interaction on, so without it {@code lookup} would reach whatever cluster the machine's
 * kubeconfig names (or fail on localhost:8080). The surefire configuration points {@code KUBECONFIG} at the file
 * this class writes. It knows only Secrets: none exist unless a test {@linkplain #putSecret puts} one, as in an
 * upgrade of an installed release.
 */
final class FakeKubernetesApi {

  private static final Pattern SECRET_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets/([^/]+)");
  private static final String CORE_RESOURCES =
      """
      {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
        {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}
      """;
  private static final String NOT_FOUND =
      """
      {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}
      """;

  private static FakeKubernetesApi running;

  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  private FakeKubernetesApi() {}

  /** The one fake of this JVM, started on first use (KUBECONFIG names a single file). */
  static synchronized FakeKubernetesApi get() {
    if (running == null) {
      running = new FakeKubernetesApi();
      running.start();
    }
    return running;
  }

  void putSecret(String namespace, Secret secret) {
    secrets.put(namespace + "/" + secret.getMetadata().getName(), secret);
  }

  void clearSecrets() {
    secrets.clear();
  }

  private void start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::answer);
      server.setExecutor(null);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
      writeKubeconfig(server.getAddress().getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeKubeconfig(int port) throws IOException {
    String location = System.getenv("KUBECONFIG");
    if (location == null || location.isBlank()) {
      throw new IllegalStateException(
          "KUBECONFIG is not set: run these tests through Maven, whose surefire configuration points it at a"
              + " scratch file, so that Helm's lookup never reaches a real cluster");
    }
    Path file = Path.of(location);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: fake, user: {token: fake}}]
        contexts: [{name: fake, context: {cluster: fake, user: fake}}]
        current-context: fake
        """
            .formatted(port));
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher secret = SECRET_PATH.matcher(path);
    if (path.equals("/api/v1")) {
      respond(exchange, 200, CORE_RESOURCES);
    } else if (secret.matches() && secrets.containsKey(secret.group(1) + "/" + secret.group(2))) {
      respond(exchange, 200, serialization.asJson(secrets.get(secret.group(1) + "/" + secret.group(2))));
    } else {
      respond(exchange, 404, NOT_FOUND);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
