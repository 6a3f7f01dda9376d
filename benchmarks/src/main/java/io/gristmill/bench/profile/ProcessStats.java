package io.gristmill.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process and its descendants (PostgreSQL runs as several), from Linux's
 * {@code /proc}. Elsewhere the figures are NaN and the report says so.
 */
public final class ProcessStats {

  /** Linux's USER_HZ, the unit of /proc/PID/stat times, is 100 on every mainstream architecture. */
  private static final double TICKS_PER_SECOND = 100;

  private ProcessStats() {}

  /** User plus system CPU seconds used so far by {@code pid} and its descendants. */
  public static double cpuSeconds(long pid) {
    return tree(pid).mapToDouble(ProcessStats::ownCpuSeconds).sum();
  }

  /** Resident memory of {@code pid} and its descendants, in bytes (shared pages counted in each). */
  public static double rssBytes(long pid) {
    return tree(pid).mapToDouble(ProcessStats::ownRssBytes).sum();
  }

  /**
   * Proportional set size of {@code pid} and its descendants, in bytes: each shared page divided among the
   * processes mapping it, so that PostgreSQL's shared buffers (mapped by every backend) and a class-data archive
   * (mapped by every JVM of a service) count once, not once per process as in {@link #rssBytes}.
   */
  public static double pssBytes(long pid) {
    return tree(pid).mapToDouble(ProcessStats::ownPssBytes).sum();
  }

  private static double ownPssBytes(long pid) {
    return kibibytesField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
  }

  private static Stream<Long> tree(long pid) {
    return Stream.concat(Stream.of(pid),
        ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid)).orElse(Stream.empty()));
  }

  private static double ownCpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the command name: state is field 3 of the man page, utime 14 and stime 15.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static double ownRssBytes(long pid) {
    return kibibytesField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
  }

  /** A line {@code NAME   123 kB} of a /proc file, in bytes; NaN when missing or unreadable. */
  private static double kibibytesField(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
        }
      }
      return Double.NaN;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
