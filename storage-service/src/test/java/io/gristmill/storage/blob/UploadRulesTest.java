package io.gristmill.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.storage.system.StorageException;
import org.junit.jupiter.api.Test;

class UploadRulesTest {

  private final UploadRules rules = new UploadRules(64 << 20, 4096, 1 << 30, 3, 10);

  @Test
  void fillsInDefaultsForZero() {
    assertThat(rules.plan("a.txt", 0, 0, "alice")).isEqualTo(new UploadPlan("a.txt", 64 << 20, 3, "alice"));
  }

  @Test
  void acceptsTheEdgesOfEveryRange() {
    assertThat(rules.plan("x".repeat(255), 4096, 1, "o").chunkSize()).isEqualTo(4096);
    assertThat(rules.plan("x", 1 << 30, 10, "o").replication()).isEqualTo(10);
  }

  @Test
  void countsNameLengthInCharactersNotBytesOrUtf16Units() {
    String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units, four UTF-8 bytes
    assertThat(rules.plan(emoji.repeat(255), 0, 0, "o").name()).isEqualTo(emoji.repeat(255));
    assertInvalid(() -> rules.plan(emoji.repeat(256), 0, 0, "o"),
        "name is 256 characters long; at most 255 are allowed");
  }

  @Test
  void rejectsEmptyAndControlCharacterNames() {
    assertInvalid(() -> rules.plan("", 0, 0, "o"), "name must not be empty");
    assertInvalid(() -> rules.plan("abc\ndef", 0, 0, "o"), "name contains the control character U+000A at position 3");
    assertInvalid(() -> rules.plan("\u0000", 0, 0, "o"), "name contains the control character U+0000 at position 0");
    assertInvalid(() -> rules.plan("tab\u007F", 0, 0, "o"), "name contains the control character U+007F at position 3");
  }

  @Test
  void rejectsChunkSizesOutsideTheLimits() {
    assertInvalid(() -> rules.plan("a", 4095, 0, "o"),
        "chunk size 4095 is outside the allowed range [4096, 1073741824] bytes");
    assertInvalid(() -> rules.plan("a", (1L << 30) + 1, 0, "o"),
        "chunk size 1073741825 is outside the allowed range [4096, 1073741824] bytes");
    assertInvalid(() -> rules.plan("a", -1, 0, "o"),
        "chunk size -1 is outside the allowed range [4096, 1073741824] bytes");
  }

  @Test
  void rejectsReplicationOutsideTheLimits() {
    assertInvalid(() -> rules.plan("a", 0, 11, "o"), "replication 11 is outside the allowed range [1, 10]");
    assertInvalid(() -> rules.plan("a", 0, -1, "o"), "replication -1 is outside the allowed range [1, 10]");
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.INVALID_REQUEST))
        .hasMessage(message);
  }
}
