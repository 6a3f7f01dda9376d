package io.gristmill.local.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Finds the services' executable jars in a built checkout ({@code <home>/<module>/target/<module>-<version>.jar}). */
public record ServiceJars(Path home, String version) {

  /** The checkout named by {@code -Dgristmill.home} or {@code GRISTMILL_HOME}, else the working directory. */
  public static ServiceJars fromEnvironment() {
    String home = System.getProperty("gristmill.home");
    if (home == null || home.isBlank()) {
      home = System.getenv("GRISTMILL_HOME");
    }
    Path root = Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    return new ServiceJars(root, launcherVersion());
  }

  public Path jar(String module) {
    Path jar = home.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "missing " + jar + ": build it first (bin/gristmill does, or ./mvnw -DskipTests package)");
    }
    return jar;
  }

  private static String launcherVersion() {
    try (InputStream in = ServiceJars.class.getResourceAsStream("/gristmill-launcher.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the launcher jar lacks gristmill-launcher.properties", e);
    }
  }
}
