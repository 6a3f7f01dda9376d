package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data archive's training run, with {@code java -version} standing in for a service. */
class FastStartTest {

  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir
  Path dir;

  @Test
  void aTrainingRunMakesTheArchiveAndLaterLaunchesMapIt() throws Exception {
    FastStart.Launch launch = new FastStart.Launch(dir.resolve("app.jar"), dir.resolve("app.jsa"));
    assertThat(launch.archived()).isFalse();

    FastStart.Launch trained = FastStart.train(launch, options -> java(options), Map.of(),
        dir.resolve("logs/training.log"));

    assertThat(trained.archived()).isTrue();
    assertThat(trained.jvmOptions()).contains("-XX:SharedArchiveFile=" + dir.resolve("app.jsa"));
    assertThat(dir.resolve("app.jsa.tmp")).doesNotExist();
    // -Xshare:on makes the JVM fail instead of running without the archive when it cannot map it.
    List<String> options = new ArrayList<>(trained.jvmOptions());
    options.add("-Xshare:on");
    Process p = new ProcessBuilder(java(options)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @Test
  void aServiceWhoseTrainingRunMadeNoArchiveStartsWithoutOne() {
    FastStart.Launch launch = new FastStart.Launch(dir.resolve("app.jar"), dir.resolve("app.jsa"));

    // A JVM that refuses its options exits before it could write anything.
    FastStart.Launch trained = FastStart.train(launch, options -> List.of(JAVA, "-XX:+NoSuchOption", "-version"),
        Map.of(), dir.resolve("logs/training.log"));

    assertThat(trained.archived()).isFalse();
    assertThat(trained.jvmOptions()).isEmpty();
    assertThat(dir.resolve("app.jsa")).doesNotExist();
  }

  @Test
  void aJarThatCouldNotBeExtractedHasNoArchiveAndNoTraining() {
    FastStart.Launch plain = new FastStart.Launch(dir.resolve("app.jar"), null);

    FastStart.Launch trained = FastStart.train(plain, options -> {
      throw new AssertionError("no training run without a place for the archive");
    }, Map.of(), dir.resolve("logs/training.log"));

    assertThat(trained.jvmOptions()).isEmpty();
  }

  private static List<String> java(List<String> options) {
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(options);
    command.add("-version");
    return command;
  }
}
