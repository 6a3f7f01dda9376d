package io.gristmill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's memory does not grow with its input: a word count over 256 MiB, four times the 64 MiB heap of the
 * forked JVM it runs in (the ratio of 1 GiB to -Xmx256m), with a vocabulary of a million words so that maps
 * flush their tables, spill and merge, completes with exact counts.
 */
class HeapBoundedWordCountTest {

  @Test
  void countsWordsOverFourTimesTheHeapWithoutRunningOutOfMemory(@TempDir Path dir)
      throws IOException, InterruptedException {
    long size = 256L << 20;
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        HeapBoundedWordCount.class.getName(), dir.toString(), Long.toString(size), Long.toString(32L << 20)))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.txt").toFile())
        .start();
    try {
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished in time").isTrue();
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("words=" + size / 64 * 8 + " distinct=1000003 wrong=0");
  }
}
