package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A launcher killed with SIGKILL runs no shutdown hook; its processes must not outlive it anyway. */
class ParentDeathSignalTest {

  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void thisMachineCanTieAProcessToItsLauncher() {
    // Linux with util-linux's setpriv (Debian's util-linux is always installed); without it the next test
    // would only show the fallback.
    assertThat(ParentDeathSignal.supported()).isTrue();
  }

  @Test
  void aProcessStartedFromAnEndedThreadLivesOnAndDiesWhenItsLauncherIsKilled() throws Exception {
    Process launcher = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
        ChildSpawner.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    ProcessHandle child = null;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
      child = ProcessHandle.of(Long.parseLong(out.readLine().trim())).orElseThrow();
      assertThat(child.isAlive()).as("alive after the thread that started it ended").isTrue();
      assertThat(child.parent().map(ProcessHandle::pid)).contains(launcher.pid());
      // setpriv runs the command in its own place (exec), so the managed pid becomes the service's.
      ProcessHandle started = child;
      await().atMost(Duration.ofSeconds(30))
          .until(() -> started.info().arguments().map(List::of).orElse(List.of()).equals(List.of("600")));

      launcher.destroyForcibly();

      ProcessHandle orphan = child;
      await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
    } finally {
      launcher.destroyForcibly();
      if (child != null) {
        child.destroyForcibly();
      }
    }
  }
}
