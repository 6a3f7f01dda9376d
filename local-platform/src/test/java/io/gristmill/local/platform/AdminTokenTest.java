package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

  @Test
  void createsAPrivateRandomTokenOnceAndReadsItBackAfterwards(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state/token");
    AdminToken first = AdminToken.loadOrCreate(file);
    AdminToken again = AdminToken.loadOrCreate(file);

    assertThat(first.value()).startsWith("gm_").hasSize(3 + 43);
    assertThat(again.value()).isEqualTo(first.value());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(AdminToken.loadOrCreate(dir.resolve("other")).value()).isNotEqualTo(first.value());
  }

  @Test
  void hashesWithSha256AndNeverPrintsTheSecret() {
    AdminToken token = new AdminToken("abc");
    assertThat(token.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(token.toString()).doesNotContain("abc");
  }
}
