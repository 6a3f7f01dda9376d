package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.ServiceJars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The local autoscaler with real processes: a platform started with {@code --min-workers 1 --max-workers 3} and a
 * 10 s cool-down starts workers when a job's tasks wait, and once it has been idle for the cool-down retires them
 * (SIGTERM: they drain and leave, LEFT in the workers list) down to the minimum.
 */
class AutoscalerIT {

  private static final int CHUNK = 32 * 1024;

  private static LocalPlatform platform;
  private static PlatformApi api;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path stateDir = Files.createTempDirectory(Path.of("target"), "autoscaler-");
    PlatformOptions options = new PlatformOptions(3, 1, 2, CHUNK, 0, stateDir)
        .withAutoscaling(new PlatformOptions.Autoscaling(1, 3, Duration.ofSeconds(10)))
        .withJobSettings(Map.of("heartbeat-interval", "1s", "lease", "4s"));
    platform = LocalPlatform.start(options, ServiceJars.fromEnvironment(), System.out);
    api = new PlatformApi(platform);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void startsWorkersUnderABacklogAndRetiresThemDownToTheMinimumWhenIdle() throws Exception {
    assertThat(platform.workers()).hasSize(1);
    String artifact = api.uploadArtifact("sched.jar", SchedulingJob.jar());
    Map<String, byte[]> corpus = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      int set = i;
      TestCorpus.files(CHUNK, 300L + i).forEach((name, bytes) -> corpus.put(set + "-" + name, bytes));
    }
    List<String> inputs = new ArrayList<>();
    for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
      inputs.add(api.upload(file.getKey(), file.getValue()));
    }
    String id = api.submit(SchedulingJob.body(artifact, inputs, 2, Map.of("mapDelayMillis", "2000")));

    // About 27 waiting maps at 2 slots a worker want more than the maximum: two workers join.
    await().atMost(Duration.ofMinutes(2)).until(() -> platform.workers().size() == 3);
    await().atMost(Duration.ofMinutes(1)).until(() -> api.workers().stream()
        .filter(w -> w.path("state").asText().equals("ALIVE")).count() == 3);

    JsonNode job = api.awaitFinished(id, Duration.ofMinutes(4));
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(api.output(id)).isEqualTo(new String(ReferenceWordCount.of(corpus.values()), StandardCharsets.UTF_8));
    // The platform started with one worker: maps on more than one worker were taken by the added ones.
    assertThat(api.attempts(id, "MAP").stream().map(a -> a.path("workerId").asText()).distinct().count())
        .as("workers that ran maps").isGreaterThan(1);

    // Idle for the cool-down: back to one worker; the retired ones drained and left.
    await().atMost(Duration.ofMinutes(2)).until(() -> platform.workers().size() == 1);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.workers().stream()
        .filter(w -> w.path("state").asText().equals("LEFT")).map(w -> w.path("pid").asLong())
        .collect(Collectors.toSet())).hasSize(2).allMatch(pid -> !pid.equals(platform.workers().get(0).pid())));
    // A retired worker leaves cluster.json once its process has exited, a moment after it left the job service.
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
      JsonNode cluster = PlatformApi.JSON.readTree(Files.readString(platform.stateDir().clusterFile()));
      assertThat(cluster.path("processes").valueStream().filter(p -> p.path("role").asText().equals("worker")))
          .extracting(p -> p.path("pid").asLong()).containsExactly(platform.workers().get(0).pid());
    });
  }
}
