package io.gristmill.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The one admin bearer token, known only by its SHA-256 so that the configuration never holds a usable
 * secret. An absent hash matches nothing: the API is closed until someone configures a token.
 */
final class AdminToken {

  private static final int SHA256_BYTES = 32;

  private final Optional<byte[]> expectedHash;

  private AdminToken(Optional<byte[]> expectedHash) {
    this.expectedHash = expectedHash;
  }

  /**
   * @param sha256Hex hex SHA-256 of the token, or null/blank for none
   * @throws IllegalArgumentException when it is not 64 hex digits, so a typo fails start-up instead of
   *     silently locking everyone out
   */
  static AdminToken fromSha256Hex(String sha256Hex) {
    if (sha256Hex == null || sha256Hex.isBlank()) {
      return new AdminToken(Optional.empty());
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
    return new AdminToken(Optional.of(hash));
  }

  boolean isConfigured() {
    return expectedHash.isPresent();
  }

  /** Constant-time comparison of hashes, so the response time says nothing about how much of a guess was right. */
  boolean matches(String presented) {
    byte[] presentedHash = sha256(presented);
    return expectedHash.map(expected -> MessageDigest.isEqual(expected, presentedHash)).orElse(false);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
