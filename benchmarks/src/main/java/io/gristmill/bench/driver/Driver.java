package io.gristmill.bench.driver;

import io.gristmill.bench.BenchOptions;
import io.gristmill.bench.corpus.Corpus;
import io.gristmill.bench.corpus.CorpusGenerator;
import io.gristmill.bench.reference.ReferenceWordCount;
import io.gristmill.bench.reference.WordCounts;
import io.gristmill.local.cli.PlainIo;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark invocation: the corpus, the in-run references on it, then the platform on the same bytes, and
 * the report. Returns the exit code: 1 when the platform's word count differs from the reference's.
 */
public final class Driver {

  private final BenchOptions options;
  private final PrintStream out;
  private final PrintStream log;

  public Driver(BenchOptions options, PrintStream out, PrintStream log) {
    this.options = options;
    this.out = out;
    this.log = log;
  }

  /** What the references measured, for the platform's figures to be compared with. */
  record References(
      WordCounts counts, double wordCountSeconds, double copyMiBs, double forcedCopyMiBs, double readMiBs) {}

  public int run() throws Exception {
    Path results = options.resultsDir().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(results);
    Corpus corpus = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED).ensure(options.corpusDir(), options.size(), log);
    log.printf("Corpus: %d bytes in %d files in %s%s%n", corpus.size(), corpus.files().size(), corpus.dir(),
        corpus.reused() ? " (reused)" : "");

    Sampler sampler = new Sampler(log);
    List<Measurement> measurements = new ArrayList<>();
    References refs = references(corpus, sampler, results, measurements);

    List<String> notes = new ArrayList<>();
    Map<String, String> context = context(corpus);
    boolean outputMatches;
    List<String> restarted;
    try (PlatformSession session = PlatformSession.open(options.stateDir(), log)) {
      context.put("platform", session.startedHere()
          ? "started for the benchmark: " + PlatformSession.STORAGE_NODES + " storage nodes, " + PlatformSession.WORKERS
              + " worker with one slot per core and a " + (PlatformSession.WORKER_HEAP >> 20) + " MiB heap, 64 MiB "
              + "chunks, replication 3, PostgreSQL 17"
          : "the one already running from " + options.stateDir() + ", with its own settings");
      PlatformRuns platform = new PlatformRuns(session, options, corpus, refs, sampler, results, log);
      measurements.addAll(platform.all(notes));
      outputMatches = platform.outputMatches();
      restarted = platform.restarted();
    }
    Report report = new Report("Gristmill benchmark, " + Report.number(options.size() / (1024.0 * 1024 * 1024))
        + " GiB corpus", context, measurements, notes);
    Files.writeString(results.resolve("report.json"), report.toJson());
    Files.writeString(results.resolve("report.md"), report.toMarkdown());
    out.println();
    out.print(report.toMarkdown());
    out.println();
    out.println("Results: " + results.resolve("report.json") + " and report.md");
    if (!outputMatches) {
      out.println("FAILED: the platform's word-count output differs from the reference's; both are in " + results);
      return 1;
    }
    if (!restarted.isEmpty()) {
      out.println("FAILED: processes restarted during the runs (a worker out of heap exits and is restarted): "
          + String.join(", ", restarted) + "; see their logs and logs/supervisor.log");
      return 1;
    }
    return 0;
  }

  private References references(Corpus corpus, Sampler sampler, Path results, List<Measurement> measurements)
      throws Exception {
    log.println("Reference programs:");
    ReferenceWordCount reference = ReferenceWordCount.perCore();
    WordCounts[] counts = new WordCounts[1];
    Sampler.Run count = () -> {
      long t0 = System.nanoTime();
      counts[0] = reference.count(corpus.files());
      return Sampler.seconds(t0);
    };
    List<Double> wc = sampler.sample("reference word count", "s", 1, count, options.runs(), count);
    counts[0].writeTo(results.resolve("reference-output.tsv"));
    Path scratch = options.stateDir().resolve("bench").resolve("copy-scratch");
    Sampler.Run copy = copyThrice(corpus, scratch, false);
    List<Double> copies = sampler.sample("plain copy x3", "MiB/s", 1, copy, options.runs(), copy);
    Sampler.Run forcedCopy = copyThrice(corpus, scratch, true);
    List<Double> forcedCopies = sampler.sample("plain copy x3, forced", "MiB/s", 1, forcedCopy, options.runs(),
        forcedCopy);
    Sampler.Run read = () -> {
      long t0 = System.nanoTime();
      long bytes = PlainIo.read(corpus.files());
      return Sampler.mebibytesPerSecond(bytes, Sampler.seconds(t0));
    };
    List<Double> reads = sampler.sample("plain read", "MiB/s", 1, read, options.runs(), read);
    Measurement wcm = new Measurement("reference.wordcount.seconds",
        "Reference: plain single-JVM word count, " + threads() + " threads", "s", wc, null, null);
    Measurement copym = new Measurement("reference.copy3.throughput",
        "Reference: plain file copy, each byte written 3 times", "MiB/s", copies, null, null);
    Measurement forcedm = new Measurement("reference.copy3-forced.throughput",
        "Reference: plain file copy, each byte written 3 times and forced to disk, as the nodes force replicas",
        "MiB/s", forcedCopies, null, null);
    Measurement readm = new Measurement("reference.read.throughput", "Reference: plain file read", "MiB/s", reads,
        null, null);
    measurements.addAll(List.of(wcm, copym, forcedm, readm));
    log.printf(Locale.ROOT, "  reference output: %d distinct words, %d words%n", counts[0].distinct(),
        counts[0].total());
    return new References(counts[0], wcm.median(), copym.median(), forcedm.median(), readm.median());
  }

  /** One pass of the copy reference: every corpus file written three times, as replication 3 writes it. */
  private static Sampler.Run copyThrice(Corpus corpus, Path scratch, boolean force) {
    return () -> {
      long t0 = System.nanoTime();
      long bytes = PlainIo.copy(corpus.files(), 3, scratch, force);
      return Sampler.mebibytesPerSecond(bytes, Sampler.seconds(t0));
    };
  }

  private Map<String, String> context(Corpus corpus) {
    Map<String, String> context = new LinkedHashMap<>();
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    context.put("machine", threads() + " cores, " + Report.number(memory / (1024.0 * 1024 * 1024)) + " GiB RAM, "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    context.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    // Other work on the machine skews every figure; the load average at the start says how much there was.
    context.put("load average at start", String.format(Locale.ROOT, "%.1f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    context.put("corpus", corpus.size() + " bytes of generated English-like text in " + corpus.files().size()
        + " files (seed " + CorpusGenerator.DEFAULT_SEED + ")");
    context.put("runs", options.runs() + " measured runs of each figure after a warm-up; median, range and spread");
    context.put("word-count job", options.reducers() + " reducers");
    return context;
  }

  static int threads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
