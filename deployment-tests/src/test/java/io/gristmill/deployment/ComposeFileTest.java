package io.gristmill.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml, parsed (anchors and merge keys resolved as Compose resolves them). */
class ComposeFileTest {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Map<String, Object> COMPOSE = load(REPOSITORY.resolve("docker-compose.yml"));
  private static final Map<String, Map<String, Object>> SERVICES = map(COMPOSE.get("services"));
  private static final List<String> STORAGE = List.of("storage-1", "storage-2", "storage-3");
  private static final List<String> WORKERS = List.of("worker-1", "worker-2");
  private static final String STORAGE_ADDRESSES = "storage-1:9090,storage-2:9090,storage-3:9090";

  @Test
  void runsPostgresqlThreeStorageNodesTheJobServiceTwoWorkersAndTheGateway() {
    assertThat(SERVICES.keySet())
        .containsExactlyInAnyOrder(
            "postgres", "storage-1", "storage-2", "storage-3", "job-service", "worker-1", "worker-2", "gateway");
  }

  @Test
  void postgresqlAndEachStorageNodeKeepTheirDataOnTheirOwnVolume() {
    assertThat(map(COMPOSE.get("volumes")).keySet())
        .contains("postgres-data", "storage-1-data", "storage-2-data", "storage-3-data");
    assertThat(list(SERVICES.get("postgres").get("volumes"))).containsExactly("postgres-data:/var/lib/postgresql/data");
    for (String node : STORAGE) {
      assertThat(list(SERVICES.get(node).get("volumes"))).containsExactly(node + "-data:/var/lib/gristmill/storage");
      assertThat(env(node)).containsEntry("GRISTMILL_STORAGE_DATA_DIR", "/var/lib/gristmill/storage");
    }
  }

  @Test
  void everyServiceHasAHealthCheckAndTheGristmillOnesCheckReadiness() {
    SERVICES.forEach(
        (name, service) -> assertThat(map(service.get("healthcheck"))).as("%s healthcheck", name).containsKey("test"));
    SERVICES.keySet().stream()
        .filter(name -> !name.equals("postgres"))
        .forEach(
            name -> assertThat(list(map(SERVICES.get(name).get("healthcheck")).get("test")))
                .containsExactly("CMD", "gristmill-healthcheck"));
    assertThat(list(map(SERVICES.get("postgres").get("healthcheck")).get("test")))
        .containsExactly("CMD", "pg_isready", "--username=gristmill", "--dbname=gristmill");
  }

  @Test
  void servicesStartOnlyOnceWhatTheyNeedIsHealthy() {
    for (String node : STORAGE) {
      assertThat(dependencies(node)).containsExactly(Map.entry("postgres", "service_healthy"));
    }
    assertThat(dependencies("job-service"))
        .containsOnlyKeys("postgres", "storage-1", "storage-2", "storage-3")
        .allSatisfy((name, condition) -> assertThat(condition).isEqualTo("service_healthy"));
    for (String service : List.of("worker-1", "worker-2")) {
      assertThat(dependencies(service))
          .containsOnlyKeys("job-service", "storage-1", "storage-2", "storage-3")
          .allSatisfy((name, condition) -> assertThat(condition).isEqualTo("service_healthy"));
    }
    assertThat(dependencies("gateway"))
        .containsOnlyKeys("postgres", "job-service", "storage-1", "storage-2", "storage-3")
        .allSatisfy((name, condition) -> assertThat(condition).isEqualTo("service_healthy"));
  }

  @Test
  void onlyTheGatewayIsPublishedOnPort8080() {
    assertThat(list(SERVICES.get("gateway").get("ports"))).containsExactly("8080:8080");
    SERVICES.keySet().stream()
        .filter(name -> !name.equals("gateway"))
        .forEach(name -> assertThat(SERVICES.get(name)).as("%s ports", name).doesNotContainKey("ports"));
  }

  @Test
  void secretsComeFromTheUncommittedEnvironmentFileNeverFromDefaults() {
    assertThat(map(SERVICES.get("postgres").get("environment")).get("POSTGRES_PASSWORD"))
        .isEqualTo("${GRISTMILL_DB_PASSWORD:?run docker/generate-env.sh or copy .env.example to .env}");
    for (String owner : List.of("job-service", "storage-1", "storage-2", "storage-3", "gateway")) {
      assertThat(env(owner).get("SPRING_DATASOURCE_PASSWORD")).startsWith("${GRISTMILL_DB_PASSWORD:?");
    }
    assertThat(env("gateway").get("GRISTMILL_GATEWAY_SECURITY_ADMIN_TOKEN_SHA256"))
        .startsWith("${GRISTMILL_ADMIN_TOKEN_SHA256:?");
    assertThat(env("worker-1")).doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
  }

  @Test
  void theExampleEnvironmentFileNamesEverySecretWithoutAValue() throws IOException {
    List<String> settings =
        Files.readAllLines(REPOSITORY.resolve(".env.example")).stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .toList();

    assertThat(settings).containsExactly("GRISTMILL_DB_PASSWORD=", "GRISTMILL_ADMIN_TOKEN=", "GRISTMILL_ADMIN_TOKEN_SHA256=",
        "GRISTMILL_INTERNAL_AUTH_TOKEN=");
  }

  @Test
  void everyGristmillServiceSharesTheInternalGrpcSecretFromTheEnvironmentFile() {
    SERVICES.keySet().stream()
        .filter(name -> !name.equals("postgres"))
        .forEach(name -> assertThat(env(name).get("GRISTMILL_INTERNAL_AUTH_TOKEN")).as("%s", name)
            .isEqualTo("${GRISTMILL_INTERNAL_AUTH_TOKEN:?run docker/generate-env.sh or copy .env.example to .env}"));
    assertThat(map(SERVICES.get("postgres").get("environment"))).doesNotContainKey("GRISTMILL_INTERNAL_AUTH_TOKEN");
  }

  @Test
  void generateEnvWritesEverySecretTheExampleNames() throws IOException {
    String script = Files.readString(REPOSITORY.resolve("docker/generate-env.sh"));
    for (String name : List.of("GRISTMILL_DB_PASSWORD", "GRISTMILL_ADMIN_TOKEN", "GRISTMILL_ADMIN_TOKEN_SHA256",
        "GRISTMILL_INTERNAL_AUTH_TOKEN")) {
      assertThat(script).as(name).containsPattern("(?m)^" + name + "=\\$\\{");
    }
  }

  @Test
  void storageNodesAdvertiseTheirServiceNameAndSitInDistinctZones() {
    assertThat(STORAGE.stream().map(node -> env(node).get("GRISTMILL_STORAGE_ZONE")).distinct()).hasSize(3);
    for (String node : STORAGE) {
      assertThat(env(node))
          .containsEntry("GRISTMILL_STORAGE_NODE_ID", node)
          .containsEntry("GRISTMILL_STORAGE_ADVERTISED_ADDRESS", node + ":9090");
    }
    assertThat(env("job-service")).containsEntry("GRISTMILL_JOBS_STORAGE_ADDRESSES", STORAGE_ADDRESSES);
    assertThat(env("gateway"))
        .containsEntry("GRISTMILL_GATEWAY_STORAGE_ADDRESSES", STORAGE_ADDRESSES)
        .containsEntry("GRISTMILL_GATEWAY_JOB_SERVICE_ADDRESS", "job-service:9090");
  }

  @Test
  void workersAdvertiseTheirOwnHostForTheShuffle() {
    for (String worker : WORKERS) {
      assertThat(env(worker))
          .containsEntry("GRISTMILL_WORKER_ADVERTISED_HOST", worker)
          .containsEntry("GRISTMILL_WORKER_JOB_SERVICE_ADDRESS", "job-service:9090")
          .containsEntry("GRISTMILL_WORKER_STORAGE_ADDRESSES", STORAGE_ADDRESSES);
    }
  }

  @Test
  void everyGristmillServiceIsBuiltFromTheOneDockerfileAndRunsHardened() {
    Map<String, String> modules =
        Map.of(
            "storage-1", "storage-service", "storage-2", "storage-service", "storage-3", "storage-service",
            "job-service", "job-service", "worker-1", "worker-service", "worker-2", "worker-service",
            "gateway", "gateway-service");
    modules.forEach(
        (name, module) -> {
          Map<String, Object> service = SERVICES.get(name);
          Map<String, Object> build = map(service.get("build"));
          assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "docker/Dockerfile");
          assertThat(map(build.get("args"))).containsExactly(Map.entry("MODULE", module));
          assertThat((String) service.get("image")).startsWith("gristmill/" + module + ":");
          assertThat(service).containsEntry("user", "10001:10001").containsEntry("read_only", true);
          assertThat(list(service.get("tmpfs"))).containsExactly("/tmp");
          assertThat(list(service.get("cap_drop"))).containsExactly("ALL");
          assertThat(list(service.get("security_opt"))).containsExactly("no-new-privileges:true");
        });
  }

  private static Map<String, String> env(String service) {
    return map(SERVICES.get(service).get("environment"));
  }

  private static Map<String, String> dependencies(String service) {
    Map<String, Map<String, Object>> dependsOn = map(SERVICES.get(service).get("depends_on"));
    Map<String, String> conditions = new LinkedHashMap<>();
    dependsOn.forEach((name, spec) -> conditions.put(name, (String) spec.get("condition")));
    return conditions;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Map<K, V> map(Object yaml) {
    assertThat(yaml).isInstanceOf(Map.class);
    return (Map<K, V>) yaml;
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object yaml) {
    assertThat(yaml).isInstanceOf(List.class);
    return (List<T>) yaml;
  }

  private static Map<String, Object> load(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml().load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
