package io.gristmill.local.cli;

import io.gristmill.local.platform.ServiceJars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench [SUITE] [OPTIONS]}: runs a benchmark suite as its own JVM from the benchmarks module's jar, so that
 * the launcher stays small and the suite's measurements do not share a heap with it. The suite is named by an
 * optional first word; without one, the word-count suite runs. Its options are the suite's own.
 */
final class BenchCommand {

  /** Suite name → the main class in the benchmarks jar that runs it. */
  private static final List<String> SUITES = List.of("wordcount");

  private BenchCommand() {}

  static int run(String[] args) throws Exception {
    String suite = "wordcount";
    String[] rest = args;
    if (args.length > 0 && !args[0].startsWith("-")) {
      suite = args[0];
      rest = Arrays.copyOfRange(args, 1, args.length);
    }
    if (!SUITES.contains(suite)) {
      // 'storage' is known too, but runs in the launcher itself (StorageBenchCommand), routed before this.
      throw new IllegalArgumentException(
          "unknown benchmark '" + suite + "'; known: " + String.join(", ", SUITES) + ", storage");
    }
    ServiceJars jars = ServiceJars.fromEnvironment();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dgristmill.home=" + jars.home(), "-jar", jars.jar("benchmarks").toString()));
    command.addAll(List.of(rest));
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
