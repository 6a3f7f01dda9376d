package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BootstrapAdminTokenTest {

  /** SHA-256 of "test-admin-token". */
  static final String HASH = "17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5";

  @Test
  void matchesTheTokenWhoseHashIsConfigured() {
    assertThat(BootstrapAdminToken.fromSha256Hex(HASH).matches(TokenDigest.sha256("test-admin-token"))).isTrue();
    assertThat(BootstrapAdminToken.fromSha256Hex(HASH.toUpperCase()).matches(TokenDigest.sha256("test-admin-token"))).isTrue();
  }

  @Test
  void rejectsAnyOtherToken() {
    BootstrapAdminToken token = BootstrapAdminToken.fromSha256Hex(HASH);

    assertThat(token.matches(TokenDigest.sha256("test-admin-token "))).isFalse();
    assertThat(token.matches(TokenDigest.sha256(""))).isFalse();
    assertThat(token.matches(TokenDigest.sha256(HASH))).isFalse();
  }

  @Test
  void matchesNothingWhenNoHashIsConfigured() {
    BootstrapAdminToken token = BootstrapAdminToken.fromSha256Hex(null);

    assertThat(token.isConfigured()).isFalse();
    assertThat(token.matches(TokenDigest.sha256(""))).isFalse();
    assertThat(BootstrapAdminToken.fromSha256Hex("  ").matches(TokenDigest.sha256("anything"))).isFalse();
  }

  @Test
  void refusesAHashThatIsNotSha256Hex() {
    assertThatThrownBy(() -> BootstrapAdminToken.fromSha256Hex("abc123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gristmill.gateway.security.admin-token-sha256 must be 64 hex digits (a SHA-256), got 6 characters");
    assertThatThrownBy(() -> BootstrapAdminToken.fromSha256Hex("z".repeat(64)))
        .hasMessage("gristmill.gateway.security.admin-token-sha256 must be 64 hex digits (a SHA-256), got 64 characters");
  }
}
