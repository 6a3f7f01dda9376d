package io.gristmill.local.platform;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes the way the command line takes them: bytes, or a number with a binary unit (64KiB, 1MiB, 64MiB). */
public final class DataSizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB|K|M|G)?");

  private DataSizes() {}

  /** Bytes in {@code text}; units are powers of 1024 (KB and KiB both mean 1024 bytes, as Spring's DataSize does). */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: use bytes or a number with KiB, MiB or GiB, e.g. 64KiB");
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    long factor = switch (unit) {
      case "B" -> 1L;
      case "K", "KB", "KIB" -> 1L << 10;
      case "M", "MB", "MIB" -> 1L << 20;
      default -> 1L << 30;
    };
    return Math.multiplyExact(value, factor);
  }
}
