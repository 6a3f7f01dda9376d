package io.gristmill.local.cli;

import io.gristmill.local.client.GatewayClient;
import io.gristmill.local.platform.AdminToken;
import io.gristmill.local.platform.ClusterFile;
import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.ServiceJars;
import io.gristmill.local.platform.StateDir;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import tools.jackson.databind.JsonNode;

/**
 * {@code wordcount FILE...}: uploads the files, runs a word-count job, shows its progress, saves the full output
 * in the state directory and prints the 20 most frequent words. Uses a running platform, or starts one for the
 * duration of the command.
 */
final class WordCountCommand {

  static final int TOP = 20;

  private final Arguments arguments;
  private final PrintStream out;
  private final PrintStream err;

  WordCountCommand(Arguments arguments, PrintStream out, PrintStream err) {
    this.arguments = arguments;
    this.out = out;
    this.err = err;
  }

  int run() throws Exception {
    if (arguments.positional().isEmpty()) {
      throw new IllegalArgumentException("wordcount needs at least one FILE");
    }
    List<Path> files = new ArrayList<>();
    for (String name : arguments.positional()) {
      Path file = Path.of(name);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read " + name);
      }
      files.add(file);
    }
    StateDir stateDir = new StateDir(arguments.platform().stateDir());
    Optional<ClusterFile.Snapshot> running = ClusterFile.readLive(stateDir.clusterFile())
        .filter(s -> "ready".equals(s.state()));
    if (running.isPresent()) {
      String token = AdminToken.loadOrCreate(running.get().tokenFile()).value();
      err.println("Using the platform running at " + running.get().gatewayUrl());
      return count(new GatewayClient(running.get().gatewayUrl(), token), files, stateDir);
    }
    err.println("No platform is running from " + stateDir.root() + "; starting one for this command.");
    try (LocalPlatform platform = LocalPlatform.start(arguments.platform(), ServiceJars.fromEnvironment(), err)) {
      return count(new GatewayClient(platform.gatewayUrl(), platform.token().value()), files, stateDir);
    }
  }

  private int count(GatewayClient gateway, List<Path> files, StateDir stateDir) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Path file : files) {
      JsonNode uploaded = gateway.upload(file, file.getFileName().toString());
      err.println("Uploaded " + file + " (" + uploaded.path("size").asLong() + " bytes) as file "
          + uploaded.path("id").asText());
      ids.add(uploaded.path("id").asText());
    }
    JsonNode job = gateway.submit("wordcount", ids, arguments.reducers());
    String jobId = job.path("id").asText();
    err.println("Submitted job " + jobId);
    job = new ProgressDisplay(err, System.console() != null).follow(gateway, jobId);
    String status = job.path("status").asText();
    if (!"SUCCEEDED".equals(status)) {
      err.println("Job " + jobId + " ended " + status + ": " + job.path("error").asText(""));
      return 1;
    }
    Path output = stateDir.outputs().resolve(jobId + ".tsv");
    Files.createDirectories(output.getParent());
    List<WordCount> top = saveAndRank(gateway, jobId, output);
    out.println();
    out.println("Top " + top.size() + " words:");
    for (WordCount wc : top) {
      out.printf("%10d  %s%n", wc.count(), wc.word());
    }
    out.println();
    out.println("Full output: " + output);
    out.println("         or: GET " + "/api/v1/jobs/" + jobId + "/output");
    return 0;
  }

  /** Streams the output to {@code file} while keeping the {@value #TOP} most frequent words in a small heap. */
  private static List<WordCount> saveAndRank(GatewayClient gateway, String jobId, Path file) throws Exception {
    PriorityQueue<WordCount> heap = new PriorityQueue<>(WordCount.BY_FREQUENCY.reversed());
    try (InputStream in = gateway.output(jobId);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        writer.write(line);
        writer.write('\n');
        int tab = line.lastIndexOf('\t');
        heap.add(new WordCount(line.substring(0, tab), Long.parseLong(line.substring(tab + 1))));
        if (heap.size() > TOP) {
          heap.poll();
        }
      }
    }
    List<WordCount> top = new ArrayList<>(heap);
    top.sort(WordCount.BY_FREQUENCY);
    return top;
  }
}
