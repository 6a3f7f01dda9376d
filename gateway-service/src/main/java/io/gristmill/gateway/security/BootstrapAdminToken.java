package io.gristmill.gateway.security;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The admin token of the installation ({@code gristmill.gateway.security.admin-token-sha256}), known only by
 * its SHA-256 so that the configuration never holds a usable secret. It acts as principal {@code admin}. An
 * absent hash matches nothing; tokens made through the API still work.
 */
final class BootstrapAdminToken {

  static final String PRINCIPAL = "admin";
  private static final int SHA256_BYTES = 32;

  private final Optional<byte[]> expectedHash;

  private BootstrapAdminToken(Optional<byte[]> expectedHash) {
    this.expectedHash = expectedHash;
  }

  /**
   * @param sha256Hex hex SHA-256 of the token, or null/blank for none
   * @throws IllegalArgumentException when it is not 64 hex digits, so a typo fails start-up instead of
   *     silently locking everyone out
   */
  static BootstrapAdminToken fromSha256Hex(String sha256Hex) {
    if (sha256Hex == null || sha256Hex.isBlank()) {
      return new BootstrapAdminToken(Optional.empty());
    }
    byte[] hash;
    try {
      hash = HexFormat.of().parseHex(sha256Hex.strip());
    } catch (IllegalArgumentException e) {
      hash = new byte[0];
    }
    if (hash.length != SHA256_BYTES) {
      throw new IllegalArgumentException(
          "gristmill.gateway.security.admin-token-sha256 must be 64 hex digits (a SHA-256), got "
              + sha256Hex.strip().length() + " characters");
    }
    return new BootstrapAdminToken(Optional.of(hash));
  }

  boolean isConfigured() {
    return expectedHash.isPresent();
  }

  /** Constant-time comparison of hashes, so the response time says nothing about how much of a guess was right. */
  boolean matches(byte[] presentedHash) {
    return expectedHash.map(expected -> MessageDigest.isEqual(expected, presentedHash)).orElse(false);
  }
}
