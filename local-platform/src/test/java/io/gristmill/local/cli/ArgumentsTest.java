package io.gristmill.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.local.platform.PlatformOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

  @Test
  void readsEveryPlatformOptionInBothSpellings() {
    Arguments a = Arguments.parse(new String[] {"up", "--storage-nodes", "4", "--workers=3", "--worker-slots", "1",
        "--chunk-size", "64KiB", "--port=0", "--state-dir", "/tmp/gm", "--worker-heap=256MiB", "--detach"});
    assertThat(a.command()).isEqualTo("up");
    assertThat(a.detach()).isTrue();
    assertThat(a.platform().storageNodes()).isEqualTo(4);
    assertThat(a.platform().workers()).isEqualTo(3);
    assertThat(a.platform().workerSlots()).isEqualTo(1);
    assertThat(a.platform().chunkSize()).isEqualTo(65_536);
    assertThat(a.platform().workerHeap()).isEqualTo(256L << 20);
    assertThat(a.platform().gatewayPort()).isZero();
    assertThat(a.platform().stateDir()).isEqualTo(Path.of("/tmp/gm"));
    assertThat(a.platformArgs()).containsExactly("--storage-nodes", "4", "--workers", "3", "--worker-slots", "1",
        "--chunk-size", "64KiB", "--port", "0", "--state-dir", "/tmp/gm", "--worker-heap", "256MiB");
  }

  @Test
  void defaultsMatchTheDocumentedOnes() {
    Arguments a = Arguments.parse(new String[] {"wordcount", "a.txt", "b.txt"});
    assertThat(a.positional()).containsExactly("a.txt", "b.txt");
    assertThat(a.reducers()).isEqualTo(3);
    assertThat(a.platform().storageNodes()).isEqualTo(3);
    assertThat(a.platform().workers()).isEqualTo(2);
    assertThat(a.platform().chunkSize()).isEqualTo(64L << 20);
    assertThat(a.platform().workerHeap()).isEqualTo(1L << 30);
    assertThat(a.platform().gatewayPort()).isEqualTo(8080);
    assertThat(a.platform().stateDir()).isEqualTo(Path.of(".gristmill").toAbsolutePath());
  }

  @Test
  void rejectsUnknownOptionsAndOutOfRangeValuesWithTheOptionNamed() {
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--nodes", "3"}))
        .hasMessage("unknown option --nodes; see 'bin/gristmill help'");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--workers", "many"}))
        .hasMessage("--workers takes a whole number, not 'many'");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--storage-nodes", "0"}))
        .hasMessage("--storage-nodes must be between 1 and 32, was 0");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--chunk-size", "1KiB"}))
        .hasMessage("--chunk-size must be between 4KiB and 1GiB, was 1024 bytes");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--worker-heap", "32MiB"}))
        .hasMessage("--worker-heap must be whole MiB and at least 64MiB, was 33554432 bytes");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"wordcount", "--reducers", "0", "x"}))
        .hasMessage("--reducers must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--port"})).hasMessage("--port needs a value");
  }

  @Test
  void autoscalingIsOffUnlessBoundsAreGivenAndThenStartsAtTheMinimum() {
    Arguments fixed = Arguments.parse(new String[] {"up", "--workers", "3"});
    assertThat(fixed.platform().autoscaling().enabled()).isFalse();
    assertThat(fixed.platform().autoscaling().minWorkers()).isEqualTo(3);
    assertThat(fixed.platform().autoscaling().maxWorkers()).isEqualTo(3);

    Arguments scaled = Arguments.parse(new String[] {"up", "--min-workers", "1", "--max-workers=4",
        "--scale-cooldown", "45s"});
    assertThat(scaled.platform().autoscaling()).isEqualTo(new PlatformOptions.Autoscaling(1, 4, Duration.ofSeconds(45)));
    assertThat(scaled.platform().workers()).isEqualTo(1);
    assertThat(scaled.platformArgs()).containsExactly("--min-workers", "1", "--max-workers", "4",
        "--scale-cooldown", "45s");
    assertThat(Arguments.parse(new String[] {"up", "--min-workers", "1", "--max-workers", "4", "--workers", "2"})
        .platform().workers()).isEqualTo(2);
    assertThat(Arguments.parse(new String[] {"up", "--max-workers", "4"}).platform().autoscaling().cooldown())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectsAutoscalingBoundsThatDoNotFitNamingTheOption() {
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--min-workers", "3", "--max-workers", "2"}))
        .hasMessage("--max-workers must be between --min-workers (3) and 64, was 2");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--min-workers", "1", "--max-workers", "2",
        "--workers", "5"}))
        .hasMessage("--workers (5) must be between --min-workers (1) and --max-workers (2)");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"up", "--max-workers", "4", "--scale-cooldown", "soon"}))
        .hasMessage("--scale-cooldown takes a duration such as 500ms, 30s, 2m or 1h, not 'soon'");
  }

  @Test
  void readsTheStorageBenchmarkSizeWithoutPassingItToThePlatform() {
    Arguments a = Arguments.parse(new String[] {"bench", "storage", "--size", "1GiB", "--storage-nodes=4"});
    assertThat(a.positional()).containsExactly("storage");
    assertThat(a.benchSize()).isEqualTo(1L << 30);
    assertThat(a.platformArgs()).containsExactly("--storage-nodes", "4");
    assertThat(Arguments.parse(new String[] {"bench", "storage"}).benchSize()).isEqualTo(256L << 20);
    assertThatThrownBy(() -> Arguments.parse(new String[] {"bench", "storage", "--size", "65GiB"}))
        .hasMessage("--size must be between 1 byte and 64GiB, was 69793218560 bytes");
  }

  @Test
  void exitsWithTwoAndAReasonOnABadCommandLine() {
    var err = new java.io.ByteArrayOutputStream();
    int code = Gristmill.run(new String[] {"launch"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
        new java.io.PrintStream(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("gristmill: unknown command 'launch'");
  }
}
