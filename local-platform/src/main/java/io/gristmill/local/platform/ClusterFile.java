package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cluster.json}: every process of a running local platform with its role, pid, ports and data directory,
 * for operators and scripts. Rewritten atomically whenever a process starts, restarts, stops, is frozen or thawed,
 * and whenever a worker is added or retired.
 */
public final class ClusterFile {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ClusterFile() {}

  /** What a reader of cluster.json learns: enough to reach and stop a running platform. */
  public record Snapshot(String state, long supervisorPid, String gatewayUrl, Path tokenFile, JsonNode raw) {}

  static void write(
      Path file, String state, String gatewayUrl, Path tokenFile, int databasePort, Path databaseDir,
      List<ManagedProcess> processes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("state", state);
    root.put("supervisorPid", ProcessHandle.current().pid());
    root.put("gatewayUrl", gatewayUrl);
    root.put("tokenFile", tokenFile.toString());
    root.put("updatedAt", Instant.now().toString());
    ArrayNode array = root.putArray("processes");
    ObjectNode db = array.addObject();
    db.put("name", "postgres");
    db.put("role", Role.DATABASE.wireName());
    db.put("pid", postmasterPid(databaseDir));
    db.put("port", databasePort);
    db.put("dataDir", databaseDir.toString());
    db.put("alive", true);
    for (ManagedProcess p : processes) {
      ProcessSpec spec = p.spec();
      ObjectNode node = array.addObject();
      node.put("name", spec.name());
      node.put("role", spec.role().wireName());
      node.put("pid", p.pid());
      node.put("httpPort", spec.httpPort());
      if (spec.grpcPort() > 0) {
        node.put("grpcPort", spec.grpcPort());
      }
      if (spec.dataDir() != null) {
        node.put("dataDir", spec.dataDir().toString());
      }
      node.put("alive", p.isAlive());
      node.put("frozen", p.isFrozen());
      node.put("restarts", p.restarts());
      node.put("log", p.logFile().toString());
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The platform described by {@code file}, if the file exists and its supervisor is still alive. */
  public static Optional<Snapshot> readLive(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    long pid = root.path("supervisorPid").asLong(-1);
    if (pid <= 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
      return Optional.empty();
    }
    return Optional.of(new Snapshot(root.path("state").asText(""), pid, root.path("gatewayUrl").asText(""),
        Path.of(root.path("tokenFile").asText("")), root));
  }

  /** A process as cluster.json recorded it; {@code pid} may long be gone or reused. */
  record Recorded(String name, String role, long pid) {}

  /** Every process {@code file} lists, PostgreSQL first, whether or not its supervisor is alive; none if no file. */
  static List<Recorded> recorded(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      List<Recorded> recorded = new java.util.ArrayList<>();
      for (JsonNode node : JSON.readTree(Files.readString(file)).path("processes")) {
        recorded.add(new Recorded(node.path("name").asText(""), node.path("role").asText(""),
            node.path("pid").asLong(-1)));
      }
      return recorded;
    } catch (IOException | RuntimeException e) {
      // A torn or foreign file names nothing we could safely signal.
      return List.of();
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  private static long postmasterPid(Path dataDir) {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
