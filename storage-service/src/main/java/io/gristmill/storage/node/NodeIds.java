package io.gristmill.storage.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Decides a node's identity. The id is written into the data directory because the chunk files there belong to
 * it: a restarted node must come back as the same node, and a data directory must never change owner silently.
 */
final class NodeIds {

  static final String FILE_NAME = "node-id";

  private NodeIds() {}

  /**
   * The configured id (written to {@code <dataDir>/node-id} if that file does not exist), else the id in that
   * file, else a new one written there. Fails when the configured id and the file disagree.
   */
  static String resolve(String configured, Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE_NAME);
    String recorded = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    if (configured != null && !configured.isBlank()) {
      String id = configured.strip();
      if (recorded != null && !recorded.equals(id)) {
        throw new IllegalStateException("data directory " + dataDir + " belongs to node '" + recorded
            + "' but gristmill.storage.node-id is '" + id + "'");
      }
      if (recorded == null) {
        write(file, id);
      }
      return id;
    }
    if (recorded != null && !recorded.isEmpty()) {
      return recorded;
    }
    String generated = UUID.randomUUID().toString();
    write(file, generated);
    return generated;
  }

  private static void write(Path file, String id) throws IOException {
    Path partial = file.resolveSibling(FILE_NAME + ".tmp");
    Files.writeString(partial, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    // A crash must leave either no id or the whole id, never half of one.
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
