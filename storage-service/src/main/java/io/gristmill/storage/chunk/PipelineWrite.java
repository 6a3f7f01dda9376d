package io.gristmill.storage.chunk;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.WriteChunkHeader;
import io.gristmill.contracts.storage.v1.WriteChunkRequest;
import io.gristmill.contracts.storage.v1.WriteChunkResponse;
import io.gristmill.storage.node.PeerChannels;
import io.gristmill.storage.placement.Candidate;
import io.gristmill.storage.system.StorageException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The writer's end of one chunk's pipeline: sends at the pace the first node takes the bytes. Every failure it
 * throws is the first node's (a node further down is dropped by the hop before it), so the writer may form a new
 * pipeline without that node ({@link RetriedChunkWrite}).
 */
final class PipelineWrite implements ClientResponseObserver<WriteChunkRequest, WriteChunkResponse> {

  private final UUID handle;
  private final Candidate first;
  private final Duration timeout;
  private final CompletableFuture<WriteChunkResponse> reply = new CompletableFuture<>();
  private final Object readiness = new Object();
  private ClientCallStreamObserver<WriteChunkRequest> call;

  /**
   * Opens the pipeline through {@code targets} in order, writing replicas of {@code version}; up to {@code
   * queuedBytes} wait for the first node before {@link #write} does.
   */
  PipelineWrite(UUID handle, long version, List<Candidate> targets, PeerChannels peers, Duration timeout,
      int queuedBytes) {
    this.handle = handle;
    this.first = targets.get(0);
    this.timeout = timeout;
    ChunkTransferGrpc.newStub(peers.to(first.address()))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .withOnReadyThreshold(queuedBytes)
        .writeChunk(this);
    call.onNext(WriteChunkRequest.newBuilder().setHeader(WriteChunkHeader.newBuilder()
        .setHandle(handle.toString())
        .setVersion(version)
        .addAllDownstream(targets.subList(1, targets.size()).stream().map(Candidate::address).toList())).build());
  }

  /** The node the bytes are sent to. */
  Candidate first() {
    return first;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<WriteChunkRequest> requestStream) {
    this.call = requestStream;
    requestStream.setOnReadyHandler(() -> {
      synchronized (readiness) {
        readiness.notifyAll();
      }
    });
  }

  /** Sends {@code bytes} as they are: a message of the upload passes on without a copy. */
  void write(ByteString bytes) throws IOException {
    awaitReady();
    call.onNext(WriteChunkRequest.newBuilder().setData(bytes).build());
  }

  /** Ends the chunk; the answer names the nodes that hold it durably, the first node first. */
  WriteChunkResponse seal() throws IOException {
    call.onCompleted();
    try {
      return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (TimeoutException e) {
      throw StorageException.unavailable("node " + first.id() + " did not confirm chunk " + handle + " in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sealing chunk " + handle);
    }
  }

  void abort() {
    // Every hop removes its partial file when the call is cancelled.
    call.cancel("the upload was abandoned", null);
  }

  private void awaitReady() throws IOException {
    synchronized (readiness) {
      while (!call.isReady()) {
        if (reply.isDone()) {
          try {
            reply.join();
          } catch (RuntimeException e) {
            throw failure(e.getCause() == null ? e : e.getCause());
          }
          throw StorageException.unavailable("node " + first.id() + " ended chunk " + handle + " early", null);
        }
        try {
          readiness.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while writing chunk " + handle);
        }
      }
    }
  }

  private StorageException failure(Throwable cause) {
    String status = cause instanceof StatusRuntimeException s ? s.getStatus().toString() : cause.toString();
    return StorageException.unavailable("the pipeline of chunk " + handle + " failed at node " + first.id() + ": "
        + status, cause);
  }

  @Override
  public void onNext(WriteChunkResponse value) {
    reply.complete(value);
  }

  @Override
  public void onError(Throwable t) {
    reply.completeExceptionally(t);
    synchronized (readiness) {
      readiness.notifyAll();
    }
  }

  @Override
  public void onCompleted() {
    reply.complete(WriteChunkResponse.getDefaultInstance());
  }
}
