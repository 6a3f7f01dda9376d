package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The layout of the state directory (default {@code .gristmill/}). */
public record StateDir(Path root) {

  public StateDir {
    root = root.toAbsolutePath().normalize();
  }

  public Path token() {
    return root.resolve("token");
  }

  public Path clusterFile() {
    return root.resolve("cluster.json");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  public Path log(String processName) {
    return logs().resolve(processName + ".log");
  }

  public Path postgres() {
    return root.resolve("postgres");
  }

  public Path dataDir(String processName) {
    return root.resolve("data").resolve(processName);
  }

  public Path outputs() {
    return root.resolve("output");
  }

  /** Creates the directories that must exist before any process starts. */
  public StateDir create() {
    try {
      Files.createDirectories(logs());
      Files.createDirectories(root.resolve("data"));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + root, e);
    }
  }
}
