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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Copies one partition of a map output from the worker that holds it into a local file, so a reduce merges local
 * runs and never holds streams from every map open at once. One channel per address is created on first use and
 * reused; whoever made the channels (Spring's channel factory) shuts them down.
 */
public final class ShuffleFetcher {

  private final Function<String, ? extends Channel> channelFactory;
  private final Duration timeout;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  /**
   * @param channelFactory makes a channel to a host:port
   * @param timeout deadline for one whole fetch
   */
  public ShuffleFetcher(Function<String, ? extends Channel> channelFactory, Duration timeout) {
    this.channelFactory = channelFactory;
    this.timeout = timeout;
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
    try (OutputStream out = Files.newOutputStream(target)) {
      // Read-only on the server: safe to run again, but the job service decides whether to re-run the map instead.
      Iterator<FetchPartitionResponse> responses = ShuffleGrpc.newBlockingStub(channel(source.address()))
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .fetchPartition(request);
      while (responses.hasNext()) {
        responses.next().getData().writeTo(out);
      }
    } catch (StatusRuntimeException e) {
      throw failure(source, partition, e.getStatus().getCode() + ": " + e.getStatus().getDescription(), e);
    } catch (IOException e) {
      throw failure(source, partition, e.toString(), e);
    } finally {
      call.detach(previous);
      call.cancel(null);
    }
  }

  private static ShuffleFetchException failure(MapOutputSource source, int partition, String reason, Exception e) {
    return new ShuffleFetchException("cannot fetch partition " + partition + " of map " + source.mapIndex()
        + " (attempt " + source.attemptId() + ") from " + source.address() + ": " + reason, e);
  }

  private Channel channel(String address) {
    return channels.computeIfAbsent(address, channelFactory);
  }
}
