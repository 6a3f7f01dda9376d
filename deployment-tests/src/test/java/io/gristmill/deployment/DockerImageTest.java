package io.gristmill.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker/Dockerfile and its health check (no Docker engine here: the recipe is checked as text). */
class DockerImageTest {

  private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

  @Test
  void copiesTheLayeredJarLayersFromLeastToMostOftenChanged() throws IOException {
    List<String> copies =
        Files.readAllLines(DOCKER.resolve("Dockerfile")).stream()
            .filter(line -> line.startsWith("COPY --from=layers"))
            .toList();

    assertThat(copies)
        .containsExactly(
            "COPY --from=layers /build/extracted/dependencies/ ./",
            "COPY --from=layers /build/extracted/spring-boot-loader/ ./",
            "COPY --from=layers /build/extracted/snapshot-dependencies/ ./",
            "COPY --from=layers /build/extracted/application/ ./");
  }

  @Test
  void runsAsANonRootUserWithContainerAwareHeapSizingAndAReadinessHealthCheck() throws IOException {
    List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));

    assertThat(lines).contains("USER 10001:10001");
    assertThat(lines)
        .contains("HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD [\"gristmill-healthcheck\"]");
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("-XX:MaxRAMPercentage=70"));
    assertThat(Files.readString(DOCKER.resolve("healthcheck.sh"))).contains("GET /actuator/health/readiness HTTP/1.0");
  }

  @Test
  void theBuildContextCarriesOnlyTheServiceJarsAndTheHealthCheck() throws IOException {
    assertThat(Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")))
        .filteredOn(line -> !line.startsWith("#"))
        .containsExactly("*", "!*/target/*-service-*.jar", "!docker/healthcheck.sh");
  }
}
