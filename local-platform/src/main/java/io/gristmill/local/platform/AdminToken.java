package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The local platform's admin token: made at first start, kept in the state directory (readable by its owner
 * only), and given to the gateway only as its SHA-256 so the secret never appears on a command line.
 */
public record AdminToken(String value) {

  /** Reads the token in {@code file}, creating it with 256 random bits first if it does not exist. */
  public static AdminToken loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return new AdminToken(Files.readString(file, StandardCharsets.UTF_8).trim());
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String value = "gm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the directory's own permissions have to do.
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new AdminToken(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the token file " + file, e);
    }
  }

  /** Hex SHA-256 of the token, the only form the gateway is told. */
  public String sha256() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "AdminToken[redacted]";
  }
}
