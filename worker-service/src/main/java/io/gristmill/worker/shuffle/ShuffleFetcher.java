package io.gristmill.worker.shuffle;

import io.gristmill.contracts.shuffle.v1.FetchPartitionRequest;
import io.gristmill.contracts.shuffle.v1.FetchPartitionResponse;
import io.gristmill.contracts.shuffle.v1.ShuffleGrpc;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Copies one partition of a map output from the worker that holds it into a local file, so a reduce merges local
 * runs and never holds streams from every map open at once. One channel per address is created on first use and
 * reused; whoever made the channels (Spring's channel factory) shuts them down.
 *
 * <p>Besides the deadline of the whole stream, a fetch that receives nothing for {@code stallTimeout} is cancelled
 * as stalled: a frozen map worker (SIGSTOP, a long GC, a half-open connection) keeps its TCP port answering, so
 * without this a reduce would wait for the whole transfer deadline.
 */
public final class ShuffleFetcher {

  private final Function<String, ? extends Channel> channelFactory;
  private final Duration timeout;
  private final Duration stallTimeout;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "gristmill-shuffle-watchdog");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param channelFactory makes a channel to a host:port
   * @param timeout deadline for one whole fetch
   * @param stallTimeout longest a fetch may go without receiving a message
   */
  public ShuffleFetcher(Function<String, ? extends Channel> channelFactory, Duration timeout, Duration stallTimeout) {
    this.channelFactory = channelFactory;
    this.timeout = timeout;
    this.stallTimeout = stallTimeout;
  }

  /** Writes {@code source}'s partition to {@code target}; fails with a message naming map, attempt and address. */
  public void fetch(MapOutputSource source, int partition, Path target) throws ShuffleFetchException {
    FetchPartitionRequest request = FetchPartitionRequest.newBuilder()
        .setMapAttemptId(source.attemptId())
        .setPartition(partition)
        .build();
    // Cancelled on the way out, so a fetch abandoned halfway (local disk full, say) frees the call at once.
    Context.CancellableContext call = Context.current().withCancellation();
    Context previous = call.attach();
    AtomicLong lastMessage = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    long checkMillis = Math.max(10, stallTimeout.toMillis() / 4);
    ScheduledFuture<?> stallCheck = watchdog.scheduleWithFixedDelay(() -> {
      if (System.nanoTime() - lastMessage.get() > stallTimeout.toNanos()) {
        stalled.set(true);
        call.cancel(null);
      }
    }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    try (OutputStream out = Files.newOutputStream(target)) {
      // Read-only on the server, so MapOutputCopier may simply run it again. The deadline bounds the whole stream.
      Iterator<FetchPartitionResponse> responses = ShuffleGrpc.newBlockingStub(channel(source.address()))
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .fetchPartition(request);
      while (responses.hasNext()) {
        responses.next().getData().writeTo(out);
        lastMessage.set(System.nanoTime());
      }
    } catch (StatusRuntimeException e) {
      if (stalled.get()) {
        throw failure(source, partition, "no data for " + stallTimeout + ", the map worker seems frozen", e, true);
      }
      throw failure(source, partition, e.getStatus().getCode() + ": " + e.getStatus().getDescription(), e,
          ShuffleFetchException.transientStatus(e.getStatus()));
    } catch (IOException e) {
      // Writing the local copy failed; another try may find room.
      throw failure(source, partition, e.toString(), e, true);
    } finally {
      stallCheck.cancel(false);
      call.detach(previous);
      call.cancel(null);
    }
  }

  private static ShuffleFetchException failure(MapOutputSource source, int partition, String reason, Exception e,
      boolean retryable) {
    return new ShuffleFetchException("cannot fetch partition " + partition + " of map " + source.mapIndex()
        + " (attempt " + source.attemptId() + ") from " + source.address() + ": " + reason, e, retryable);
  }

  private Channel channel(String address) {
    return channels.computeIfAbsent(address, channelFactory);
  }
}
