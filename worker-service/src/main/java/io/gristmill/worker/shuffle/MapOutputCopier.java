package io.gristmill.worker.shuffle;

import io.gristmill.grpc.retry.Backoff;
import io.gristmill.worker.mapoutput.CorruptMapOutputException;
import io.gristmill.worker.mapoutput.InvalidMapOutputRequestException;
import io.gristmill.worker.mapoutput.MapOutputNotFoundException;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.mapoutput.Segment;
import io.gristmill.worker.mapoutput.SegmentInputStream;
import io.gristmill.worker.merge.SortedRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a reduce's partition of every map output to local scratch space, several at once: from the map worker's
 * Shuffle service, or from the blob store for outputs kept there; this worker's own outputs are read from its disk,
 * into memory while a budget allows. A copy that fails for a reason that may pass
 * (unreachable, overloaded, timed out) is tried again after a jittered backoff, up to {@code attempts} times; an
 * output that is gone or corrupt is not retried. Every output still missing at the end is named in one {@link
 * MapOutputFetchException}. Both reads are read-only, so retrying them is safe.
 */
public final class MapOutputCopier {

  /**
   * How hard to try one map output.
   *
   * @param attempts tries per output, at least 1
   * @param initialBackoff ceiling of the first wait between tries
   * @param maxBackoff ceiling of every wait
   */
  public record Retries(int attempts, Duration initialBackoff, Duration maxBackoff) {}

  private static final Logger log = LoggerFactory.getLogger(MapOutputCopier.class);

  private final ShuffleFetcher shuffle;
  private final StorageFetcher storage;
  private final Optional<MapOutputStore> local;
  private final int parallelFetches;
  private final long inMemoryBytes;
  private final Retries retries;

  /** @param parallelFetches map outputs copied at once */
  public MapOutputCopier(ShuffleFetcher shuffle, StorageFetcher storage, int parallelFetches, Retries retries) {
    this(shuffle, storage, Optional.empty(), parallelFetches, 0, retries);
  }

  /**
   * @param local this worker's own map outputs: one held there is copied from disk, CRC32C-checked as the Shuffle
   *     service would stream it, instead of through a call to this very worker (a reduce after many small maps
   *     on one worker made as many loopback calls)
   * @param parallelFetches map outputs copied at once
   * @param inMemoryBytes bytes of this worker's own outputs one reduce attempt reads into memory instead of copying
   *     to scratch files; past it (or with 0) they are copied to disk like fetched ones
   */
  public MapOutputCopier(ShuffleFetcher shuffle, StorageFetcher storage, Optional<MapOutputStore> local,
      int parallelFetches, long inMemoryBytes, Retries retries) {
    this.shuffle = shuffle;
    this.storage = storage;
    this.local = local;
    this.parallelFetches = parallelFetches;
    this.inMemoryBytes = inMemoryBytes;
    this.retries = retries;
  }

  /**
   * The runs, in the order of {@code sources}: in memory when the output is this worker's own and fits what is
   * left of the memory budget, else copied to {@code scratch/map-NNNNN.run}.
   */
  public List<SortedRun> copyAll(List<MapOutputSource> sources, int partition, int reducers, Path scratch)
      throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelFetches, sources.size())));
    try {
      AtomicLong memoryLeft = new AtomicLong(inMemoryBytes);
      SortedRun[] runs = new SortedRun[sources.size()];
      List<Future<LostMapOutput>> copies = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        int at = i;
        MapOutputSource source = sources.get(i);
        Path file = scratch.resolve(String.format("map-%05d.run", source.mapIndex()));
        copies.add(pool.submit(() -> copy(source, partition, reducers, file, memoryLeft, run -> runs[at] = run)));
      }
      List<LostMapOutput> lost = new ArrayList<>();
      for (Future<LostMapOutput> copy : copies) {
        LostMapOutput failure = result(copy);
        if (failure != null) {
          lost.add(failure);
        }
      }
      if (!lost.isEmpty()) {
        lost.sort(Comparator.comparingInt(LostMapOutput::mapIndex));
        throw new MapOutputFetchException(lost);
      }
      // Each element was set before its copy's Future completed, which get() waited for.
      return List.of(runs);
    } finally {
      // Interrupts copies still running when this one fails or the attempt is cancelled.
      pool.shutdownNow();
    }
  }

  /** Copies one output; null on success, what was lost otherwise. */
  private LostMapOutput copy(MapOutputSource source, int partition, int reducers, Path file, AtomicLong memoryLeft,
      Consumer<SortedRun> copied) throws IOException {
    Backoff backoff = new Backoff(retries.initialBackoff(), retries.maxBackoff(), 2);
    for (int attempt = 1; ; attempt++) {
      try {
        SortedRun run = source.inStorage() ? null : copyLocal(source, partition, file, memoryLeft);
        if (run == null) {
          if (source.inStorage()) {
            storage.fetch(source, partition, reducers, file);
          } else {
            shuffle.fetch(source, partition, file);
          }
          run = SortedRun.onDisk(file);
        }
        copied.accept(run);
        return null;
      } catch (CorruptMapOutputException e) {
        return new LostMapOutput(source.mapIndex(), source.attemptId(), e.getMessage());
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("copying map output " + source.mapIndex() + " was cancelled");
        }
        boolean retryable = !(e instanceof ShuffleFetchException fetch) || fetch.retryable();
        if (!retryable || attempt >= retries.attempts()) {
          return new LostMapOutput(source.mapIndex(), source.attemptId(), oneLine(e));
        }
        Duration wait = backoff.next();
        log.warn("Try {} of {} to copy map output {} failed, next in {}: {}", attempt, retries.attempts(),
            source.mapIndex(), wait, e.getMessage());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("copying map output " + source.mapIndex() + " was cancelled");
        }
      }
    }
  }

  /**
   * Reads the partition from this worker's own disk when the output is held here: into memory while the budget
   * allows, else into {@code file}. Null when it is not held here (another worker's, or this one's removed
   * meanwhile), so the Shuffle service is asked. A corrupt copy fails like a corrupt stream: {@link
   * CorruptMapOutputException}, and the map runs again.
   */
  private SortedRun copyLocal(MapOutputSource source, int partition, Path file, AtomicLong memoryLeft)
      throws IOException {
    if (local.isEmpty()) {
      return null;
    }
    Segment segment;
    try {
      segment = local.get().segment(source.attemptId(), partition);
    } catch (MapOutputNotFoundException | InvalidMapOutputRequestException | NoSuchFileException notHere) {
      return null;
    }
    try {
      if (reserve(memoryLeft, segment.length())) {
        try {
          return SortedRun.inMemory(SegmentInputStream.readAll(segment));
        } catch (IOException | RuntimeException e) {
          memoryLeft.addAndGet(segment.length());
          throw e;
        }
      }
      try (InputStream in = new SegmentInputStream(segment); OutputStream out = Files.newOutputStream(file)) {
        in.transferTo(out);
      }
      return SortedRun.onDisk(file);
    } catch (NoSuchFileException removed) {
      return null;
    }
  }

  /** Takes {@code bytes} from the budget if that much is left. */
  private static boolean reserve(AtomicLong memoryLeft, long bytes) {
    for (long left = memoryLeft.get(); left >= bytes; left = memoryLeft.get()) {
      if (memoryLeft.compareAndSet(left, left - bytes)) {
        return true;
      }
    }
    return false;
  }

  private static LostMapOutput result(Future<LostMapOutput> copy) throws IOException, InterruptedException {
    try {
      return copy.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
