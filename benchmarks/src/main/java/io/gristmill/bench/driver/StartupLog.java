package io.gristmill.bench.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spring Boot's own start-up figure, from the line "Started X in S seconds" it logs once ready to serve. */
final class StartupLog {

  private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");

  private StartupLog() {}

  /** The figure of the latest start logged in {@code logFile} (logs are appended across restarts), or null. */
  static Double lastStartSeconds(Path logFile) {
    if (logFile == null || !Files.isRegularFile(logFile)) {
      return null;
    }
    try {
      Matcher m = STARTED.matcher(Files.readString(logFile));
      Double last = null;
      while (m.find()) {
        last = Double.parseDouble(m.group(1));
      }
      return last;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
