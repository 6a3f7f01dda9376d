package io.gristmill.bench.driver;

import io.gristmill.bench.BenchOptions;
import io.gristmill.bench.corpus.Corpus;
import io.gristmill.bench.corpus.CorpusGenerator;
import io.gristmill.bench.profile.ProcessStats;
import io.gristmill.local.client.GatewayClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The platform's figures, each measured next to its reference and target. */
final class PlatformRuns {

  /** Chunk size of the many-tasks job's input: the blob store's smallest, so that a small file makes many maps. */
  static final int TINY_CHUNK = 4096;
  static final int MANY_TASKS = 1000;
  /**
   * Warm-up jobs before the many-tasks job is measured. The JIT is still compiling the dispatch path after them
   * (two platforms side by side ran 237-253 tasks/s over their first ten such jobs, 414-491 over their 19th-25th);
   * the figure is of a platform that has just started this kind of work.
   */
  static final int MANY_TASKS_WARMUPS = 3;

  private final PlatformSession session;
  private final GatewayClient gateway;
  private final BenchOptions options;
  private final Corpus corpus;
  private final Driver.References refs;
  private final Sampler sampler;
  private final Path results;
  private final PrintStream log;
  private final JobRunner jobs;
  private final byte[] expectedOutput;
  private boolean outputMatches = true;
  private List<String> restarted = List.of();
  private List<String> corpusIds = List.of();

  PlatformRuns(PlatformSession session, BenchOptions options, Corpus corpus, Driver.References refs,
      Sampler sampler, Path results, PrintStream log) {
    this.session = session;
    this.gateway = session.gateway();
    this.options = options;
    this.corpus = corpus;
    this.refs = refs;
    this.sampler = sampler;
    this.results = results;
    this.log = log;
    this.jobs = new JobRunner(gateway);
    this.expectedOutput = refs.counts().toBytes();
  }

  boolean outputMatches() {
    return outputMatches;
  }

  /** Processes that restarted (died and were started again) during the runs; known once {@link #all} ran. */
  List<String> restarted() {
    return restarted;
  }

  List<Measurement> all(List<String> notes) throws Exception {
    Map<String, Integer> restartsBefore = new LinkedHashMap<>();
    session.processes().forEach(p -> restartsBefore.put(p.name(), p.restarts()));
    List<Measurement> m = new ArrayList<>();
    m.addAll(idle(notes));
    log.println("Platform:");
    m.add(upload(notes));
    m.addAll(wordCount(notes));
    m.add(download());
    m.addAll(tinyJob());
    m.addAll(manyTasks());
    if (options.profile()) {
      Path dir = results.resolve("profile");
      String profile = new ProfileRun(session, jobs, corpusIds, options.reducers(), dir, log).run();
      Files.writeString(results.resolve("profile.md"), profile);
      notes.add("Flight Recorder profile of one more word count: " + results.resolve("profile.md"));
    }
    restarted = restartedSince(restartsBefore);
    notes.add(session.startedHere()
        ? "The worker ran with -Xmx" + (PlatformSession.WORKER_HEAP >> 20) + "m -XX:+ExitOnOutOfMemoryError (the "
            + "issue's bound): running out of heap would have ended it and the supervisor restarted it. "
            + (restarted.isEmpty() ? "No process restarted or exited during the runs, so every completed word count "
                + "shows the worker fits in it." : "**Processes restarted during the runs: "
                + String.join(", ", restarted) + "; the run fails.**")
        : "The platform was already running: its own worker heap applies. " + (restarted.isEmpty()
            ? "No process restarted during the runs." : "**Processes restarted during the runs: "
                + String.join(", ", restarted) + "; the run fails.**"));
    return m;
  }

  /**
   * Memory of the idle platform, and each service's start-up: restarted alone on the idle platform (the figure
   * the target is about) and as it started with all the others at once (what a cold {@code up} sees on a small
   * machine, mostly contention).
   */
  private List<Measurement> idle(List<String> notes) {
    List<Measurement> m = new ArrayList<>();
    double rss = 0;
    double pss = 0;
    double slowestTogether = 0;
    List<String> perProcess = new ArrayList<>();
    List<String> together = new ArrayList<>();
    Map<String, PlatformSession.StartUp> restarted = new LinkedHashMap<>();
    session.startUps().forEach(s -> restarted.put(s.name(), s));
    for (PlatformSession.ServiceProcess p : session.processes()) {
      double rssBytes = ProcessStats.rssBytes(p.pid());
      double pssBytes = ProcessStats.pssBytes(p.pid());
      rss += rssBytes;
      pss += pssBytes;
      perProcess.add(p.name() + " " + mebibytes(pssBytes) + " (RSS " + mebibytes(rssBytes) + ")");
      Double started = restarted.containsKey(p.name()) ? restarted.get(p.name()).together()
          : StartupLog.lastStartSeconds(p.log());
      if (started != null) {
        slowestTogether = Math.max(slowestTogether, started);
        together.add(p.name() + " " + Report.number(started) + " s");
      }
    }
    m.add(new Measurement("platform.idle-pss", "Memory of the idle platform, all processes (PSS: shared pages "
        + "counted once)", "MiB", List.of(pss / (1 << 20)), null, null));
    m.add(new Measurement("platform.idle-rss", "Resident memory of the idle platform, all processes (RSS: shared "
        + "pages counted in every process)", "MiB", List.of(rss / (1 << 20)), null, null));
    notes.add("Idle memory per process, PSS (RSS): " + String.join(", ", perProcess) + ".");
    if (!restarted.isEmpty()) {
      double slowestReady = restarted.values().stream().mapToDouble(s -> s.launchToReady().toMillis() / 1000.0)
          .max().orElseThrow();
      double slowestSpring = restarted.values().stream().filter(s -> s.alone() != null)
          .mapToDouble(PlatformSession.StartUp::alone).max().orElse(Double.NaN);
      m.add(new Measurement("platform.slowest-service-start-alone", "Slowest service start-up, each restarted alone "
          + "on the idle platform: launch to ready", "s", List.of(slowestReady), null, Target.atMost(10, "each < 10 s")));
      m.add(new Measurement("platform.slowest-service-start-alone-spring", "Slowest service start-up, each "
          + "restarted alone: Spring Boot's own figure", "s", List.of(slowestSpring), null, null));
      List<String> alone = restarted.values().stream().map(s -> s.name() + " " + Report.number(
          s.launchToReady().toMillis() / 1000.0) + " s (Spring Boot " + (s.alone() == null ? "?" : Report.number(
          s.alone())) + " s)").toList();
      notes.add("Service start-up alone (one process of each service stopped and started again, one at a time, on "
          + "the idle platform), launch to ready (Spring Boot's own figure): " + String.join(", ", alone) + ".");
    }
    if (!together.isEmpty()) {
      m.add(new Measurement("platform.slowest-service-start-together", "Slowest service start-up, all processes "
          + "started at once (Spring Boot's own figure)", "s", List.of(slowestTogether), null, null));
      notes.add("Service start-up times, all started at once on this machine (Spring Boot's own figure): "
          + String.join(", ", together) + ".");
    }
    if (session.startTime() != null) {
      notes.add("The whole platform (PostgreSQL, then storage, then the rest) was ready "
          + Report.number(session.startTime().toMillis() / 1000.0) + " s after the launcher started it.");
    }
    return m;
  }

  private static String mebibytes(double bytes) {
    return Report.number(bytes / (1 << 20)) + " MiB";
  }

  /**
   * The processes that restarted since {@code before} (the supervisor restarts a process that exited, for
   * example a worker that ran out of heap with {@code -XX:+ExitOnOutOfMemoryError}), with their restart counts.
   */
  List<String> restartedSince(Map<String, Integer> before) {
    List<String> restarted = new ArrayList<>();
    for (PlatformSession.ServiceProcess p : session.processes()) {
      int earlier = before.getOrDefault(p.name(), 0);
      if (p.restarts() > earlier) {
        restarted.add(p.name() + " (" + (p.restarts() - earlier) + "×)");
      }
    }
    return restarted;
  }

  /** Uploads the whole corpus, file after file; the warm-up uploads the first file only. */
  private Measurement upload(List<String> notes) throws Exception {
    Sampler.Run warmup = () -> {
      long t0 = System.nanoTime();
      gateway.upload(corpus.files().get(0), "bench-warmup.txt");
      return Sampler.mebibytesPerSecond(Files.size(corpus.files().get(0)), Sampler.seconds(t0));
    };
    Sampler.Run run = () -> {
      long t0 = System.nanoTime();
      List<String> ids = new ArrayList<>();
      for (Path file : corpus.files()) {
        ids.add(gateway.upload(file, "bench-" + file.getFileName()).path("id").asText());
      }
      double seconds = Sampler.seconds(t0);
      corpusIds = ids;
      return Sampler.mebibytesPerSecond(corpus.size(), seconds);
    };
    List<Double> samples = sampler.sample("upload", "MiB/s", 1, warmup, options.runs(), run);
    Measurement upload = new Measurement("upload.throughput", "Upload of the corpus through the REST API, "
        + "replication 3", "MiB/s", samples, new Measurement.Reference("plain copy ×3", refs.copyMiBs()),
        Target.ratioAtLeast(0.4, "≥ 40% of copy ×3"));
    notes.add(String.format(Locale.ROOT, "Upload against a plain copy ×3 whose copies are forced to disk, as every "
        + "replica is before an upload is answered (%s MiB/s): %.2f×.", Report.number(refs.forcedCopyMiBs()),
        upload.median() / refs.forcedCopyMiBs()));
    return upload;
  }

  private List<Measurement> wordCount(List<String> notes) throws Exception {
    List<Double> outputMillis = new ArrayList<>();
    Sampler.Run run = () -> {
      JobRunner.Finished job = jobs.run(corpusIds, options.reducers());
      long t0 = System.nanoTime();
      byte[] output;
      try (InputStream in = gateway.output(job.id())) {
        output = in.readAllBytes();
      }
      outputMillis.add(Sampler.seconds(t0) * 1000);
      check(job.id(), output);
      return job.elapsed().toNanos() / 1e9;
    };
    List<Double> seconds = sampler.sample("word count", "s", 1, run, options.runs(), run);
    List<Double> measuredOutput = outputMillis.subList(1, outputMillis.size());
    List<Double> throughput = seconds.stream().map(s -> Sampler.mebibytesPerSecond(corpus.size(), s)).toList();
    notes.add("Word count output: " + expectedOutput.length + " bytes, " + refs.counts().distinct()
        + " distinct words, " + refs.counts().total() + " words; "
        + (outputMatches ? "byte for byte equal to the reference's in every run." : "**DIFFERENT from the reference's**."));
    notes.add("Issue targets: Spark 4 local[2] ≈ 31 s (33 MB/s) and Hadoop 3.4 local ≈ 100 s on 1 GiB; Gristmill "
        + "should beat Spark 3× (≥ 100 MiB/s) and stay within 2× of the reference.");
    return List.of(
        new Measurement("wordcount.seconds", "Word count, submission to SUCCEEDED", "s", seconds,
            new Measurement.Reference("reference word count", refs.wordCountSeconds()),
            Target.ratioAtMost(2, "≤ 2× reference")),
        new Measurement("wordcount.throughput", "Word count throughput", "MiB/s", throughput,
            new Measurement.Reference("reference word count",
                Sampler.mebibytesPerSecond(corpus.size(), refs.wordCountSeconds())),
            Target.atLeast(100, "≥ 100 MiB/s")),
        new Measurement("wordcount.output-download", "Download of the word-count output ("
            + expectedOutput.length + " bytes)", "ms", measuredOutput, null, null));
  }

  private void check(String jobId, byte[] output) throws java.io.IOException {
    if (!Arrays.equals(output, expectedOutput)) {
      outputMatches = false;
      Path file = results.resolve("platform-output-" + jobId + ".tsv");
      Files.write(file, output);
      log.println("  the output of job " + jobId + " differs from the reference's: " + file);
    }
  }

  /** Downloads every corpus file's content; the warm-up downloads the first file only. */
  private Measurement download() throws Exception {
    Sampler.Run warmup = () -> {
      long t0 = System.nanoTime();
      long bytes = drain(corpusIds.get(0));
      return Sampler.mebibytesPerSecond(bytes, Sampler.seconds(t0));
    };
    Sampler.Run run = () -> {
      long t0 = System.nanoTime();
      long bytes = 0;
      for (String id : corpusIds) {
        bytes += drain(id);
      }
      if (bytes != corpus.size()) {
        throw new IllegalStateException("downloaded " + bytes + " bytes of a " + corpus.size() + "-byte corpus");
      }
      return Sampler.mebibytesPerSecond(bytes, Sampler.seconds(t0));
    };
    List<Double> samples = sampler.sample("download", "MiB/s", 1, warmup, options.runs(), run);
    return new Measurement("download.throughput", "Download of the corpus through the REST API", "MiB/s", samples,
        new Measurement.Reference("plain read", refs.readMiBs()), Target.ratioAtLeast(0.5, "≥ 50% of read"));
  }

  private long drain(String fileId) throws Exception {
    // Large reads, as curl makes them: transferTo's 8 KiB would add a read call per 8 KiB to the measured path.
    byte[] buffer = new byte[1 << 20];
    long total = 0;
    try (InputStream in = gateway.content(fileId)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
    }
    return total;
  }

  /**
   * Submission to SUCCEEDED of a job over one small file: the platform's fixed cost per job. The client learns the
   * end through the waiting GET; the same job polled every 5 ms (how every earlier round measured it) is reported
   * too, without a target, since a poll every 5 ms is load of its own on two cores.
   */
  private List<Measurement> tinyJob() throws Exception {
    Path tiny = results.resolve("tiny.txt");
    try (OutputStream out = Files.newOutputStream(tiny)) {
      new CorpusGenerator(CorpusGenerator.DEFAULT_SEED).write(98, 2048, out);
    }
    String id = gateway.upload(tiny, "bench-tiny.txt").path("id").asText();
    int runs = Math.max(5, options.runs());
    Sampler.Run waited = () -> jobs.run(List.of(id), 1).elapsed().toNanos() / 1e6;
    List<Double> samples = sampler.sample("tiny job", "ms", 2, waited, runs, waited);
    Sampler.Run polled = () -> jobs.runPolling(List.of(id), 1, Duration.ofMillis(5)).elapsed().toNanos() / 1e6;
    List<Double> polledSamples = sampler.sample("tiny job, polled", "ms", 1, polled, runs, polled);
    return List.of(
        new Measurement("tiny-job.latency", "Tiny job (one 2 KiB file, 1 reducer), submission to SUCCEEDED",
            "ms", samples, null, Target.atMost(300, "< 300 ms")),
        new Measurement("tiny-job.latency-polled", "Tiny job as above, its end learnt by polling every 5 ms instead"
            + " of the waiting GET", "ms", polledSamples, null, null));
  }

  /** Task throughput: a job of {@value #MANY_TASKS} map tasks over 4 KiB chunks and one reduce. */
  private List<Measurement> manyTasks() throws Exception {
    Path file = results.resolve("many-tasks.txt");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      new CorpusGenerator(CorpusGenerator.DEFAULT_SEED).write(99, (long) MANY_TASKS * TINY_CHUNK, out);
    }
    log.println("  uploading a " + MANY_TASKS + "-chunk file for the many-tasks job...");
    JsonNode uploaded = gateway.upload(file, "bench-many-tasks.txt", TINY_CHUNK);
    int chunks = uploaded.path("chunks").size();
    if (chunks != MANY_TASKS) {
      throw new IllegalStateException("expected " + MANY_TASKS + " chunks, the platform made " + chunks);
    }
    String id = uploaded.path("id").asText();
    Sampler.Run run = () -> {
      JobRunner.Finished job = jobs.run(List.of(id), 1);
      return job.tasks() / (job.elapsed().toNanos() / 1e9);
    };
    // The first such jobs run while the JIT is still compiling the dispatch path, which the word counts before
    // them hardly touch; the first one is reported apart so that the cold figure stays visible.
    List<Double> first = new ArrayList<>();
    Sampler.Run warmup = () -> {
      double v = run.once();
      if (first.isEmpty()) {
        first.add(v);
      }
      return v;
    };
    List<Double> samples = sampler.sample("1,000-task job", "tasks/s", MANY_TASKS_WARMUPS, warmup, options.runs(), run);
    String label = String.format(Locale.ROOT, "Job of %,d map tasks (4 KiB chunks) and 1 reduce", MANY_TASKS);
    return List.of(
        new Measurement("many-tasks.first-job-throughput", label + ", the platform's first: tasks completed per "
            + "second", "tasks/s", first, null, null),
        new Measurement("many-tasks.throughput", label + String.format(Locale.ROOT, ", after %d warm-up jobs: tasks "
            + "completed per second", MANY_TASKS_WARMUPS), "tasks/s", samples, null,
            Target.atLeast(500, "≥ 500 tasks/s")));
  }
}
