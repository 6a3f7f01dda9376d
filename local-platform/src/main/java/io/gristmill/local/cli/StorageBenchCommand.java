package io.gristmill.local.cli;

import io.gristmill.local.client.GatewayClient;
import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.ManagedProcess;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.ServiceJars;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench storage [--size SIZE]}: starts a platform for the run (the other platform options apply), then
 * times, on the same disk and in the same run, a plain copy of a random file written once per replica (each copy
 * forced to disk, as storage forces its chunks) against an upload through the gateway, and a plain read of a copy
 * against a download through the gateway. One untimed upload and download of the same bytes comes first, so that
 * the timed ones run compiled code, as on a platform that has been up for a while. Every process's heap is far
 * smaller than a large --size, and a process that ran out of memory
 * would exit and be restarted: the command fails if any process restarted, so a passing run at a size above the
 * heaps also shows that the path streams instead of buffering whole files.
 */
final class StorageBenchCommand {

  private static final int BUFFER = 1 << 20;

  private final Arguments arguments;
  private final PrintStream out;
  private final PrintStream err;

  StorageBenchCommand(Arguments arguments, PrintStream out, PrintStream err) {
    this.arguments = arguments;
    this.out = out;
    this.err = err;
  }

  int run() throws Exception {
    if (!arguments.positional().equals(List.of("storage"))) {
      throw new IllegalArgumentException("bench takes one suite, 'storage'; was " + arguments.positional());
    }
    PlatformOptions given = arguments.platform();
    Path work = Files.createDirectories(given.stateDir()).resolve("bench-storage-" + ProcessHandle.current().pid());
    PlatformOptions options = new PlatformOptions(given.storageNodes(), given.workers(), given.workerSlots(),
        given.chunkSize(), 0, work.resolve("platform")).withStorageSettings(given.storageSettings());
    long size = arguments.benchSize();
    try (LocalPlatform platform = LocalPlatform.start(options, ServiceJars.fromEnvironment(), err)) {
      GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.token().value());
      Path source = work.resolve("source.bin");
      err.println("Writing " + size + " random bytes to " + source);
      String sha256 = writeRandom(source, size);

      int replicas = replication(options);
      long copyNanos = timed(() -> PlainIo.copy(List.of(source), replicas, work.resolve("copies"), true));
      long readNanos = timed(() -> drain(Files.newInputStream(source), size));
      err.println("Warming up: one upload and download of the same bytes");
      drain(gateway.content(gateway.upload(source, "bench-warm-up.bin").path("id").asText()), size);
      JsonNode[] uploaded = new JsonNode[1];
      long uploadNanos = timed(() -> uploaded[0] = gateway.upload(source, "bench.bin"));
      String id = uploaded[0].path("id").asText();
      long downloadNanos = timed(() -> drain(gateway.content(id), size));

      if (!sha256.equals(uploaded[0].path("sha256").asText())) {
        throw new IllegalStateException("the stored file's SHA-256 " + uploaded[0].path("sha256").asText()
            + " differs from the source's " + sha256);
      }
      int restarts = platform.processes().stream().mapToInt(ManagedProcess::restarts).sum();
      print(size, options, copyNanos, uploadNanos, readNanos, downloadNanos, restarts);
      return restarts == 0 ? 0 : 1;
    } finally {
      deleteTree(work);
    }
  }

  private void print(long size, PlatformOptions options, long copy, long upload, long read, long download,
      int restarts) {
    int replicas = replication(options);
    out.printf("Storage benchmark: %s, %d storage nodes, replication %d, chunk %s, %d cores, JDK %s%n",
        mib(size), options.storageNodes(), replicas, mib(options.chunkSize()),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    out.printf("%-28s %9s %10s %9s%n", "", "seconds", "MiB/s", "vs plain");
    row("plain copy x" + replicas + " (fsync)", size, copy, copy);
    row("upload through the gateway", size, upload, copy);
    row("plain read", size, read, read);
    row("download through gateway", size, download, read);
    out.printf("Process restarts during the run: %d (heaps: storage nodes and gateway 384 MiB)%n", restarts);
  }

  private void row(String what, long size, long nanos, long plainNanos) {
    double seconds = nanos / 1e9;
    out.printf("%-28s %9.2f %10.1f %9.2f%n", what, seconds, size / 1048576.0 / seconds, (double) plainNanos / nanos);
  }

  private static String mib(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }

  private interface Step {
    void run() throws Exception;
  }

  private static long timed(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return System.nanoTime() - start;
  }

  private static String writeRandom(Path file, long size) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(20261121L);
    byte[] buffer = new byte[BUFFER];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        int n = (int) Math.min(buffer.length, left);
        for (int i = 0; i < n; i += 8) {
          long value = random.nextLong();
          for (int b = 0; b < 8 && i + b < n; b++) {
            buffer[i + b] = (byte) (value >>> (8 * b));
          }
        }
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        left -= n;
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The platform stores every chunk on this many nodes: three, or all of them when there are fewer. */
  private static int replication(PlatformOptions options) {
    return Math.min(3, options.storageNodes());
  }

  private static void drain(InputStream stream, long expected) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    try (InputStream in = stream) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
    }
    if (total != expected) {
      throw new IOException("read " + total + " bytes, expected " + expected);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
