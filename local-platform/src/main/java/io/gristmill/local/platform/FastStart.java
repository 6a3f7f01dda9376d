package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the services start fast on a small machine. A Spring Boot executable jar loads its classes from nested
 * jars, which is slow; the extracted layout ({@code java -Djarmode=tools -jar x.jar extract}) loads them from plain
 * jars and so can also use a class-data-sharing archive. The first process of each service records that archive
 * when it exits cleanly ({@code -XX:ArchiveClassesAtExit}); later starts map it ({@code -XX:SharedArchiveFile}).
 * On the development machine this took the gateway from about 6 s to under 2 s. A stale or unreadable archive
 * is ignored by the JVM, so the worst case is the speed of the plain extracted jar.
 */
final class FastStart {

  private static final String DIR = "fast-start";

  private FastStart() {}

  /** How to launch one service: the jar to run and the JVM options that go before {@code -jar}. */
  record Launch(Path jar, List<String> jvmOptions) {}

  /**
   * The extracted jar of {@code module}, made now if missing or older than the built jar.
   *
   * @param records whether this process may write the archive (only one process per service does, so that two
   *     never write the same file)
   */
  static synchronized Launch prepare(ServiceJars jars, String module, boolean records) {
    Path jar = jars.jar(module);
    Path dir = jar.resolveSibling(DIR);
    Path extracted = dir.resolve(jar.getFileName());
    Path archive = dir.resolve(module + ".jsa");
    try {
      if (!Files.isRegularFile(extracted) || isOlder(extracted, jar)) {
        extract(jar, dir);
      }
      List<String> options = new ArrayList<>();
      if (Files.isRegularFile(archive)) {
        options.add("-XX:SharedArchiveFile=" + archive);
      } else if (records) {
        options.add("-XX:ArchiveClassesAtExit=" + archive);
      }
      // The archive's own warnings (e.g. while it is being written) are not worth a line in every log.
      options.add("-Xlog:cds=off");
      options.add("-Xlog:cds+dynamic=off");
      return new Launch(extracted, options);
    } catch (IOException e) {
      // Never worse than without: fall back to the executable jar.
      return new Launch(jar, List.of());
    }
  }

  /** Extracts into a fresh folder and swaps it in, dropping the archive that belonged to the old classes. */
  private static void extract(Path jar, Path dir) throws IOException {
    Path tmp = Files.createTempDirectory(jar.getParent(), DIR + "-");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
        tmp.resolve("out").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException("extracting " + jar + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while extracting " + jar, e);
    }
    Files.setLastModifiedTime(tmp.resolve("out").resolve(jar.getFileName()),
        FileTime.fromMillis(System.currentTimeMillis()));
    deleteTree(dir);
    Files.move(tmp.resolve("out"), dir, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(tmp);
  }

  private static boolean isOlder(Path a, Path b) throws IOException {
    return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) < 0;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
