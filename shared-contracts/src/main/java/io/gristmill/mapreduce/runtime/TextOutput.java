package io.gristmill.mapreduce.runtime;

import java.nio.charset.StandardCharsets;

/** How output keys and values become bytes of a {@code key<TAB>value} line, as Hadoop's TextOutputFormat does. */
public final class TextOutput {

  private TextOutput() {}

  /** A {@code byte[]} as is, anything else as {@link String#valueOf(Object)} in UTF-8. */
  public static byte[] bytes(Object value) {
    if (value instanceof byte[] raw) {
      return raw;
    }
    return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
  }
}
