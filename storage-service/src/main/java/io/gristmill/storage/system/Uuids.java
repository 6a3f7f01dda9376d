package io.gristmill.storage.system;

import java.util.Locale;
import java.util.UUID;

/** Reads ids that callers send as text. */
public final class Uuids {

  private Uuids() {}

  /**
   * The UUID written canonically in {@code text} (36 characters, any case), or INVALID_REQUEST naming {@code
   * what} ("file id", "chunk handle"). {@link UUID#fromString} alone also accepts forms such as {@code 1-1-1-1-1}.
   */
  public static UUID parse(String text, String what) {
    try {
      UUID id = UUID.fromString(text);
      if (id.toString().equals(text.toLowerCase(Locale.ROOT))) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw StorageException.invalidRequest(what + " '" + text + "' is not a UUID");
  }
}
