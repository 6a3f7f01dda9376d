package io.gristmill.bench.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts and dumps Flight Recorder recordings in running service JVMs through {@code jcmd}, so a profile covers
 * exactly the job being measured and the services need no restart or extra flags.
 */
public final class JfrRecorder {

  private static final String NAME = "gristmill-bench";

  private JfrRecorder() {}

  /** Starts a recording with the JDK's {@code profile} settings (Java samples every 10 ms, allocation samples). */
  public static void start(long pid) throws IOException, InterruptedException {
    jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
  }

  /** Writes the recording to {@code file} and stops it. */
  public static void dumpAndStop(long pid, Path file) throws IOException, InterruptedException {
    jcmd(pid, "JFR.dump", "name=" + NAME, "filename=" + file.toAbsolutePath());
    jcmd(pid, "JFR.stop", "name=" + NAME);
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0 || out.contains("Could not")) {
      throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + out.strip());
    }
  }
}
