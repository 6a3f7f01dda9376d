package io.gristmill.grpc.auth;

import io.grpc.Metadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The shared secret every Gristmill service presents to the others on each gRPC call when TLS client
 * certificates are not used. It travels in the metadata entry {@value #HEADER}; it must never be logged.
 */
public final class InternalCredential {

  /** The metadata entry that carries the secret. */
  public static final String HEADER = "x-gristmill-internal-token";
  static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);
  private static final int MIN_LENGTH = 16;

  private final String secret;
  private final byte[] secretBytes;

  private InternalCredential(String secret) {
    this.secret = secret;
    this.secretBytes = secret.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * @param secret the configured secret; null or blank for none (authentication off)
   * @throws IllegalArgumentException when it is too short to resist guessing or not printable ASCII (it must
   *     fit a gRPC ASCII header)
   */
  public static Optional<InternalCredential> of(String secret) {
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    String s = secret.strip();
    if (s.length() < MIN_LENGTH || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("gristmill.internal-auth.token must be at least " + MIN_LENGTH
          + " printable ASCII characters without spaces, got " + s.length() + " characters");
    }
    return Optional.of(new InternalCredential(s));
  }

  String secret() {
    return secret;
  }

  /** Constant-time, so the answer time says nothing about how much of a guess was right. */
  boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(secretBytes, presented.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "InternalCredential[secret hidden]";
  }
}
