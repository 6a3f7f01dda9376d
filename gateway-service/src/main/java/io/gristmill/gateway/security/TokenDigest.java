package io.gristmill.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Tokens are known to the gateway only by their SHA-256; this makes new ones and hashes presented ones. */
final class TokenDigest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "gm_";

  private TokenDigest() {}

  /** A new token: a recognisable prefix and 256 random bits, URL-safe. */
  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }
}
