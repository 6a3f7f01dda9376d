package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.ManagedProcess;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.Role;
import io.gristmill.local.platform.ServiceJars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The blob store under faults, with real processes: four storage nodes, replication 3, 16 KiB chunks, and the
 * failure detector, repair, scrubber and garbage collector on second-scale settings passed through the launcher.
 * Nodes are killed with SIGKILL, chunk files are damaged on disk, and every byte read back is compared with what
 * the test uploaded. One platform serves the whole class; the tests run in order and each leaves the store whole.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageFaultIT {

  private static final int CHUNK = 16 * 1024;
  private static final int BLOCK = 64 * 1024;
  private static final Duration REPAIR_BOUND = Duration.ofSeconds(90);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static LocalPlatform platform;
  private static String base;
  private static String token;

  @BeforeAll
  static void startPlatform() throws IOException {
    Path stateDir = Files.createTempDirectory(Path.of("target"), "storage-faults-");
    // The orphan grace must outlast the slowest gap between a chunk file's last write and its metadata row: on a
    // loaded two-core machine 2 s was not enough, and a chunk still being recorded was collected as an orphan.
    // The nodes refuse to start unless it exceeds twice the chunk transfer deadline, hence a short one here.
    PlatformOptions options = new PlatformOptions(4, 1, 1, CHUNK, 0, stateDir).withStorageSettings(Map.of(
        "heartbeat-interval", "500ms",
        "dead-nodes.timeout", "3s",
        "dead-nodes.period", "500ms",
        "repair.period", "500ms",
        "scrub.period", "1s",
        "scrub.interval", "5s",
        "deletion.period", "1s",
        "deletion.retention", "8s",
        "deletion.orphan-grace", "30s",
        "chunk-fetch-timeout", "15s"));
    platform = LocalPlatform.start(options, ServiceJars.fromEnvironment(), System.out);
    base = platform.gatewayUrl();
    token = Files.readString(platform.tokenFile()).trim();
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void concurrentClientsUploadingAndDownloadingLoseAndMixNothing() throws Exception {
    int clients = 6;
    int[] sizes = {0, 1, CHUNK, CHUNK + 1, 5 * CHUNK + 77, BLOCK + 3};
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Map.Entry<String, byte[]>>> uploads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        byte[] content = random(sizes[c], 100 + c);
        String name = "client-" + c + ".bin";
        uploads.add(pool.submit(() -> Map.entry(upload(name, content).path("id").asText(), content)));
      }
      List<Map.Entry<String, byte[]>> stored = new ArrayList<>();
      for (Future<Map.Entry<String, byte[]>> f : uploads) {
        stored.add(f.get());
      }
      // Every client reads every file at once, while two more uploads stream in beside them.
      List<Callable<Void>> reads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        for (Map.Entry<String, byte[]> file : stored) {
          reads.add(() -> {
            assertThat(download(file.getKey())).as("file " + file.getKey()).isEqualTo(file.getValue());
            return null;
          });
        }
      }
      byte[] late = random(7 * CHUNK + 5, 200);
      Future<JsonNode> lateUpload = pool.submit(() -> upload("late.bin", late));
      for (Future<Void> read : pool.invokeAll(reads)) {
        read.get();
      }
      assertThat(download(lateUpload.get().path("id").asText())).isEqualTo(late);

      for (Map.Entry<String, byte[]> file : stored) {
        JsonNode meta = getJson("/api/v1/files/" + file.getKey());
        assertThat(meta.path("size").asLong()).isEqualTo(file.getValue().length);
        assertThat(meta.path("sha256").asText()).isEqualTo(sha256(file.getValue()));
        assertThat(meta.path("chunks")).hasSize((file.getValue().length + CHUNK - 1) / CHUNK);
      }
      Set<String> ids = new HashSet<>();
      stored.forEach(f -> ids.add(f.getKey()));
      assertThat(ids).hasSize(clients);
    } finally {
      pool.shutdownNow();
    }
    awaitWholeStore();
  }

  @Test
  @Order(2)
  void flippedBytesInReplicasAreReadAroundCountedAndReplaced() throws Exception {
    byte[] content = random(3 * CHUNK, 300);
    String id = upload("scrub-me.bin", content).path("id").asText();
    awaitWholeStore();
    byte[] middle = Arrays.copyOfRange(content, CHUNK, 2 * CHUNK);
    List<Path> holders = chunkFilesHolding(middle);
    assertThat(holders).hasSize(3);
    long oldVersion = getJson("/api/v1/files/" + id).path("chunks").get(1).path("version").asLong();
    double corruptBefore = corruptReplicasCounted();

    // Damage two of the three replicas, so that whichever replica a read tries first, it may meet a bad one.
    List<byte[]> damaged = new ArrayList<>();
    for (Path file : holders.subList(0, 2)) {
      byte[] bytes = Files.readAllBytes(file);
      bytes[100] ^= (byte) 0xFF;
      bytes[CHUNK - 1] ^= 0x01;
      Files.write(file, bytes);
      damaged.add(bytes);
    }

    assertThat(download(id)).isEqualTo(content);
    assertThat(rangeRead(id, CHUNK - 10, CHUNK + 20)).isEqualTo(Arrays.copyOfRange(content, CHUNK - 10, CHUNK + 21));
    await().atMost(REPAIR_BOUND).untilAsserted(() -> {
      assertThat(corruptReplicasCounted()).as("corrupt replicas counted by reads and the scrubber")
          .isGreaterThanOrEqualTo(corruptBefore + 2);
      JsonNode chunk = getJson("/api/v1/files/" + id).path("chunks").get(1);
      assertThat(chunk.path("version").asLong()).isGreaterThan(oldVersion);
      assertThat(states(chunk)).containsExactly("LIVE", "LIVE", "LIVE");
      for (byte[] bad : damaged) {
        assertThat(chunkFilesHolding(bad)).as("a damaged replica left on disk").isEmpty();
      }
      assertThat(chunkFilesHolding(middle)).hasSize(3);
    });
    assertThat(download(id)).isEqualTo(content);
    awaitWholeStore();
  }

  @Test
  @Order(3)
  void aKilledNodeCostsNoReadsItsChunksReturnToThreeReplicasAndItsStaleCopiesAreNeverServed() throws Exception {
    byte[] content = random(5 * CHUNK + 123, 400);
    String id = upload("survivor.bin", content).path("id").asText();
    awaitWholeStore();
    JsonNode before = getJson("/api/v1/files/" + id);
    String victim = before.path("chunks").get(0).path("replicas").get(0).path("nodeId").asText();
    Path victimChunks = platform.process(victim).spec().dataDir().resolve("chunks");
    List<Path> victimFiles = new ArrayList<>();
    for (int i = 0; i < before.path("chunks").size(); i++) {
      byte[] piece = Arrays.copyOfRange(content, i * CHUNK, Math.min(content.length, (i + 1) * CHUNK));
      chunkFilesHolding(piece).stream().filter(p -> p.startsWith(victimChunks)).forEach(victimFiles::add);
    }
    assertThat(victimFiles).isNotEmpty();

    long pid = platform.process(victim).pid();
    platform.kill(victim);
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(download(id)).as("read right after the SIGKILL").isEqualTo(content);

    // While the node is away, give its chunk files other bytes with matching checksums: only the versions can
    // tell them apart now, and no read may ever return them.
    List<byte[]> oldBytes = new ArrayList<>();
    for (Path file : victimFiles) {
      byte[] other = random((int) Files.size(file), file.hashCode());
      Files.write(file, other);
      Files.write(Path.of(file + ".crc"), blockChecksums(other));
      oldBytes.add(other);
    }

    await().atMost(REPAIR_BOUND).untilAsserted(() -> {
      assertThat(nodeState(victim)).isEqualTo("DEAD");
      JsonNode file = getJson("/api/v1/files/" + id);
      for (JsonNode chunk : file.path("chunks")) {
        List<String> live = liveNodes(chunk);
        assertThat(live).as("chunk " + chunk.path("index")).hasSize(3).doesNotContain(victim);
      }
      assertThat(getJson("/api/v1/storage/nodes").path("health").path("underReplicatedChunks").asLong()).isZero();
    });
    assertThat(download(id)).isEqualTo(content);

    platform.resume(victim);
    await().atMost(REPAIR_BOUND).untilAsserted(() -> {
      assertThat(download(id)).isEqualTo(content);
      assertThat(nodeState(victim)).isEqualTo("LIVE");
      for (Path file : victimFiles) {
        assertThat(file).as("stale replica collected").doesNotExist();
      }
      for (byte[] old : oldBytes) {
        assertThat(chunkFilesHolding(old)).isEmpty();
      }
      assertThat(getJson("/api/v1/storage/nodes").path("health").path("staleReplicas").asLong()).isZero();
    });
    assertThat(download(id)).isEqualTo(content);
    awaitWholeStore();
  }

  @Test
  @Order(4)
  void aDeletedFileCanBeRestoredWithinTheRetentionAndIsCollectedAfterIt() throws Exception {
    byte[] content = random(2 * CHUNK + 9, 500);
    String id = upload("ephemeral.bin", content).path("id").asText();
    awaitWholeStore();
    byte[] first = Arrays.copyOf(content, CHUNK);
    assertThat(chunkFilesHolding(first)).hasSize(3);

    assertThat(send(authorized("/api/v1/files/" + id).DELETE()).statusCode()).isEqualTo(204);
    HttpResponse<String> hidden = send(authorized("/api/v1/files/" + id + "/content").GET());
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404);
    HttpResponse<String> restored = send(authorized("/api/v1/files/" + id + "/restore")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    assertThat(download(id)).isEqualTo(content);

    assertThat(send(authorized("/api/v1/files/" + id).DELETE()).statusCode()).isEqualTo(204);
    assertThat(getJson("/api/v1/storage/nodes").path("health").path("gcBacklogChunks").asLong()).isPositive();
    // Watched without restoring: a restore inside the retention would (rightly) bring the file back.
    await().atMost(REPAIR_BOUND).untilAsserted(() -> {
      assertThat(getJson("/api/v1/storage/nodes").path("health").path("gcBacklogChunks").asLong()).isZero();
      assertThat(chunkFilesHolding(first)).as("chunk files of the collected file").isEmpty();
    });
    HttpResponse<String> late = send(authorized("/api/v1/files/" + id + "/restore")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(late.statusCode()).as(late.body()).isEqualTo(404);
    assertThat(send(authorized("/api/v1/files/" + id)).statusCode()).isEqualTo(404);
  }

  /** Every node LIVE and every chunk of every visible file at its goal: the state each test leaves behind. */
  private static void awaitWholeStore() {
    await().atMost(REPAIR_BOUND).untilAsserted(() -> {
      JsonNode nodes = getJson("/api/v1/storage/nodes");
      assertThat(nodes.path("nodes")).extracting(n -> n.path("state").asText())
          .containsExactly("LIVE", "LIVE", "LIVE", "LIVE");
      JsonNode health = nodes.path("health");
      assertThat(health.path("underReplicatedChunks").asLong()).as(health.toString()).isZero();
      assertThat(health.path("corruptReplicas").asLong()).as(health.toString()).isZero();
      assertThat(health.path("staleReplicas").asLong()).as(health.toString()).isZero();
    });
  }

  private static String nodeState(String nodeId) throws Exception {
    return StreamSupport.stream(getJson("/api/v1/storage/nodes").path("nodes").spliterator(), false)
        .filter(n -> n.path("id").asText().equals(nodeId)).findFirst().orElseThrow().path("state").asText();
  }

  private static List<String> states(JsonNode chunk) {
    return StreamSupport.stream(chunk.path("replicas").spliterator(), false).map(r -> r.path("state").asText())
        .toList();
  }

  private static List<String> liveNodes(JsonNode chunk) {
    return StreamSupport.stream(chunk.path("replicas").spliterator(), false)
        .filter(r -> r.path("state").asText().equals("LIVE")).map(r -> r.path("nodeId").asText()).toList();
  }

  /** The chunk files, on every storage node's disk, whose bytes are exactly {@code bytes}. */
  private static List<Path> chunkFilesHolding(byte[] bytes) {
    List<Path> found = new ArrayList<>();
    for (ManagedProcess node : platform.processes()) {
      if (node.spec().role() != Role.STORAGE) {
        continue;
      }
      Path chunks = node.spec().dataDir().resolve("chunks");
      if (!Files.isDirectory(chunks)) {
        continue;
      }
      try (Stream<Path> files = Files.list(chunks)) {
        for (Path file : files.filter(p -> !p.getFileName().toString().contains(".")).toList()) {
          try {
            if (Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes)) {
              found.add(file);
            }
          } catch (java.nio.file.NoSuchFileException e) {
            // collected while we listed
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  /** What the storage nodes' chunk files hold beside the data: one big-endian CRC32C per 64 KiB block. */
  private static byte[] blockChecksums(byte[] data) {
    int blocks = (data.length + BLOCK - 1) / BLOCK;
    ByteBuffer out = ByteBuffer.allocate(blocks * Integer.BYTES);
    for (int b = 0; b < blocks; b++) {
      CRC32C crc = new CRC32C();
      crc.update(data, b * BLOCK, Math.min(BLOCK, data.length - b * BLOCK));
      out.putInt((int) crc.getValue());
    }
    return out.array();
  }

  /** gristmill.storage.replicas.corrupt summed over every running storage node and both finders. */
  private static double corruptReplicasCounted() throws Exception {
    double total = 0;
    for (ManagedProcess node : platform.processes()) {
      if (node.spec().role() != Role.STORAGE || !node.isAlive()) {
        continue;
      }
      HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.spec().httpPort() + "/actuator/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      for (String line : metrics.body().split("\n")) {
        if (line.startsWith("gristmill_storage_replicas_corrupt_total")) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return total;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static JsonNode upload(String name, byte[] content) throws Exception {
    HttpResponse<String> response = HTTP.send(
        authorized("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
            .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private static byte[] download(String id) throws Exception {
    HttpResponse<byte[]> response = HTTP.send(authorized("/api/v1/files/" + id + "/content").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return response.body();
  }

  private static byte[] rangeRead(String id, long first, long last) throws Exception {
    HttpResponse<byte[]> response = HTTP.send(authorized("/api/v1/files/" + id + "/content")
        .header("Range", "bytes=" + first + "-" + last).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(206);
    return response.body();
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = send(authorized(path));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
  }
}
