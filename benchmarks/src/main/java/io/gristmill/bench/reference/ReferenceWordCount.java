package io.gristmill.bench.reference;

import java.io.IOException;
import io.gristmill.text.Utf8Words;
import io.gristmill.text.WordTable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-run reference: the fastest plain single-JVM word count we know how to write with the platform's word
 * semantics. The files are cut into units of about {@code unitSize} bytes, each ending just after an ASCII
 * non-letter (so no word and no UTF-8 sequence spans two units); one thread per core takes units in turn, reads
 * each into a reused buffer and counts it with {@link Utf8Words} into its own {@link WordTable}; the tables are
 * merged, the non-ASCII words lower-cased as whole strings, and the result sorted by UTF-8 bytes, which is the
 * platform's output order. (The platform's word count uses the same tokeniser and table; both are pinned to
 * {@code io.gristmill.text.Words} by tests, and the benchmark compares the two outputs byte for byte.)
 */
public final class ReferenceWordCount {

  public static final int DEFAULT_UNIT_SIZE = 8 << 20;

  private final int threads;
  private final int unitSize;

  public ReferenceWordCount(int threads, int unitSize) {
    if (threads < 1 || unitSize < 1) {
      throw new IllegalArgumentException("threads and unit size must be positive");
    }
    this.threads = threads;
    this.unitSize = unitSize;
  }

  /** One thread per core, {@value #DEFAULT_UNIT_SIZE}-byte units. */
  public static ReferenceWordCount perCore() {
    return new ReferenceWordCount(Math.max(1, Runtime.getRuntime().availableProcessors()), DEFAULT_UNIT_SIZE);
  }

  private record Unit(Path file, long from, long to) {}

  public WordCounts count(List<Path> files) throws IOException {
    List<Unit> units = new ArrayList<>();
    for (Path file : files) {
      plan(file, units);
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<WordTable>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> countUnits(units, next)));
      }
      WordTable merged = null;
      for (Future<WordTable> f : results) {
        WordTable table = f.get();
        if (merged == null) {
          merged = table;
        } else {
          merged.addAll(table);
        }
      }
      return WordCounts.sorted(lowerCaseNonAscii(merged));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while counting words", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private WordTable countUnits(List<Unit> units, AtomicInteger next) {
    WordTable table = new WordTable();
    byte[] buf = new byte[0];
    for (int u = next.getAndIncrement(); u < units.size(); u = next.getAndIncrement()) {
      Unit unit = units.get(u);
      int length = Math.toIntExact(unit.to() - unit.from());
      if (buf.length < length) {
        buf = new byte[length];
      }
      try (FileChannel channel = FileChannel.open(unit.file(), StandardOpenOption.READ)) {
        readFully(channel, buf, length, unit.from());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + unit.file(), e);
      }
      Utf8Words.forEach(buf, 0, length, table);
    }
    return table;
  }

  /** Cuts a file into units that each end just after an ASCII non-letter, or at the end of the file. */
  private void plan(Path file, List<Unit> units) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long pos = 0;
      while (pos < size) {
        long end = pos + unitSize >= size ? size : boundaryAfter(channel, pos + unitSize, size);
        units.add(new Unit(file, pos, end));
        pos = end;
      }
    }
  }

  private static long boundaryAfter(FileChannel channel, long from, long size) throws IOException {
    byte[] window = new byte[64 * 1024];
    for (long pos = from; pos < size; pos += window.length) {
      int n = (int) Math.min(window.length, size - pos);
      readFully(channel, window, n, pos);
      for (int i = 0; i < n; i++) {
        if (window[i] >= 0 && !Utf8Words.isAsciiLetter(window[i])) {
          return pos + i + 1;
        }
      }
    }
    return size;
  }

  private static void readFully(FileChannel channel, byte[] buf, int length, long position) throws IOException {
    ByteBuffer target = ByteBuffer.wrap(buf, 0, length);
    while (target.hasRemaining()) {
      if (channel.read(target, position + target.position()) < 0) {
        throw new IOException("file shorter than expected");
      }
    }
  }

  /** Words with non-ASCII letters were counted as written; lower-case each as a whole word, as the platform does. */
  private static WordTable lowerCaseNonAscii(WordTable counted) {
    WordTable result = new WordTable();
    counted.forEach((arena, off, len, count) -> result.add(Utf8Words.lowerCase(arena, off, len), count));
    return result;
  }
}
