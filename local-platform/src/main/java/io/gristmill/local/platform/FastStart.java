package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Makes the services start fast on a small machine. A Spring Boot executable jar loads its classes from nested
 * jars, which is slow; the extracted layout ({@code java -Djarmode=tools -jar x.jar extract}) loads them from plain
 * jars and so can also use a class-data-sharing archive ({@code -XX:SharedArchiveFile}): the classes a service
 * loads while it starts, already parsed and verified, mapped from one file that every process of the service
 * shares. The archive is made by a training run, as Spring Boot documents it: the service is started once, alone,
 * with {@code -Dspring.context.exit=onRefresh} (it exits once every singleton is made, before it serves anything)
 * and {@code -XX:ArchiveClassesAtExit}. That happens the first time a service is launched after its jar was built,
 * before its processes start. (Recording the archive when the first real process exited was tried before: a
 * process stopped after its shutdown grace, or killed, never wrote it, so most starts ran without one.) A stale or
 * unreadable archive is ignored by the JVM, so the worst case is the speed of the plain extracted jar.
 */
final class FastStart {

  private static final String DIR = "fast-start";
  /** A training run is one start-up of the service alone; minutes mean something is wrong, so go without. */
  private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);

  private FastStart() {}

  /**
   * How to launch one service.
   *
   * @param jar the jar to run
   * @param archive where the service's class-data archive is, or is made by {@link #train}; null if none can be
   */
  record Launch(Path jar, Path archive) {

    /** True when there is an archive to use, false when a training run should make it first. */
    boolean archived() {
      return archive != null && Files.isRegularFile(archive);
    }

    /** The JVM options that go before {@code -jar}: the archive, when there is one. */
    List<String> jvmOptions() {
      if (!archived()) {
        return List.of();
      }
      // The archive's own warnings (for example after a JDK update, when it is ignored) are not worth a line in
      // every log; -Xlog:cds shows them when wanted. Mapped where it was made (the JVM moves it only if that
      // address is taken), the archive needs no pointer patching: its read-only half stays clean and shared by
      // every process of the service. Relocated (JDK 17's default), every page of it is a private copy: 40 MiB
      // more per process, measured on the gateway. Address randomisation of the archive matters little for a
      // platform on one's own machine.
      return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+UnlockDiagnosticVMOptions",
          "-XX:ArchiveRelocationMode=0", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
  }

  /** The extracted jar of {@code module}, made now if missing or older than the built jar, and its archive. */
  static synchronized Launch prepare(ServiceJars jars, String module) {
    Path jar = jars.jar(module);
    Path dir = jar.resolveSibling(DIR);
    Path extracted = dir.resolve(jar.getFileName());
    try {
      if (!Files.isRegularFile(extracted) || isOlder(extracted, jar)) {
        extract(jar, dir);
      }
      return new Launch(extracted, dir.resolve(module + ".jsa"));
    } catch (IOException e) {
      // Never worse than without: fall back to the executable jar.
      return new Launch(jar, null);
    }
  }

  /**
   * Makes {@code launch}'s archive with a training run and returns the launch, which uses it if the run made one.
   *
   * @param command the service's command line with these JVM options before {@code -jar}
   * @param environment what the service's processes get added to their environment
   * @param log where the training run's output goes
   */
  static synchronized Launch train(Launch launch, Function<List<String>, List<String>> command,
      Map<String, String> environment, Path log) {
    if (launch.archive() == null || launch.archived()) {
      return launch;
    }
    Path tmp = launch.archive().resolveSibling(launch.archive().getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command.apply(List.of("-XX:ArchiveClassesAtExit=" + tmp,
          "-Dspring.context.exit=onRefresh")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(environment);
      Process p = builder.start();
      if (!p.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(tmp);
        return launch;
      }
      // Written whole at the JVM's exit: there only if the dump finished.
      if (Files.isRegularFile(tmp)) {
        Files.move(tmp, launch.archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // Without an archive the service starts anyway, only slower.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return launch;
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
