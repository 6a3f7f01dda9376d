package io.gristmill.local.platform;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way the command line takes them: a whole number with ms, s, m or h (500ms, 30s, 2m). */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(MS|S|M|H)");

  private Durations() {}

  public static Duration parse(String option, String text) {
    Matcher m = DURATION.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " takes a duration such as 500ms, 30s, 2m or 1h, not '" + text + "'");
    }
    long value = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "MS" -> Duration.ofMillis(value);
      case "S" -> Duration.ofSeconds(value);
      case "M" -> Duration.ofMinutes(value);
      default -> Duration.ofHours(value);
    };
  }
}
