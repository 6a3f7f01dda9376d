package io.gristmill.jobs.system;

import java.util.UUID;

/** Parses the UUIDs that arrive as strings on the wire. */
public final class Ids {

  private Ids() {}

  /**
   * Parses {@code value} as the id of a {@code what} (e.g. "job"), or throws {@link InvalidRequestException}
   * "job id 'x' is not a valid UUID".
   */
  public static UUID parse(String what, String value) {
    try {
      if (value.length() == 36) {
        return UUID.fromString(value);
      }
    } catch (IllegalArgumentException e) {
      // fall through to the caller-facing message
    }
    throw new InvalidRequestException(what + " id '" + value + "' is not a valid UUID");
  }
}
