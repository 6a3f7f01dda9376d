package io.gristmill.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainIoTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "forced: {0}")
  @ValueSource(booleans = {false, true})
  void aCopyCountsOnePassOverTheFilesAndLeavesNoCopyBehind(boolean force) throws Exception {
    Path a = Files.write(dir.resolve("a.txt"), new byte[3000]);
    Path b = Files.writeString(dir.resolve("b.txt"), "seventeen bytes!!");
    Path scratch = dir.resolve("scratch");

    long bytes = PlainIo.copy(List.of(a, b), 3, scratch, force);

    assertThat(bytes).isEqualTo(3017);
    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aReadCountsEveryByteAcrossSeveralBuffers() throws Exception {
    Path a = Files.write(dir.resolve("a.bin"), new byte[(1 << 20) + 5]);

    assertThat(PlainIo.read(List.of(a))).isEqualTo((1 << 20) + 5);
  }
}
