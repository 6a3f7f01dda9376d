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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The writer's end of one chunk's pipeline: sends at the pace the first node takes the bytes. */
abstract class PipelineWrite implements ChunkSink.OpenChunk,
    ClientResponseObserver<WriteChunkRequest, WriteChunkResponse> {

  private final UUID handle;
  private final Candidate first;
  private final Duration timeout;
  private final CompletableFuture<WriteChunkResponse> reply = new CompletableFuture<>();
  private final Object readiness = new Object();
  private ClientCallStreamObserver<WriteChunkRequest> call;

  PipelineWrite(UUID handle, List<Candidate> targets, PeerChannels peers, Duration timeout) {
    this.handle = handle;
    this.first = targets.get(0);
    this.timeout = timeout;
    ChunkTransferGrpc.newStub(peers.to(first.address()))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .writeChunk(this);
    call.onNext(WriteChunkRequest.newBuilder().setHeader(WriteChunkHeader.newBuilder()
        .setHandle(handle.toString())
        .setVersion(Chunk.FIRST_VERSION)
        .addAllDownstream(targets.subList(1, targets.size()).stream().map(Candidate::address).toList())).build());
  }

  /** What the chunk becomes once the pipeline answered with the nodes that hold it. */
  abstract StoredChunk sealed(long size, List<String> nodeIds);

  @Override
  public void beforeStart(ClientCallStreamObserver<WriteChunkRequest> requestStream) {
    this.call = requestStream;
    requestStream.setOnReadyHandler(() -> {
      synchronized (readiness) {
        readiness.notifyAll();
      }
    });
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    awaitReady();
    call.onNext(WriteChunkRequest.newBuilder().setData(ByteString.copyFrom(bytes.duplicate())).build());
  }

  @Override
  public StoredChunk seal() throws IOException {
    call.onCompleted();
    try {
      WriteChunkResponse response = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return sealed(response.getSize(), response.getNodeIdsList());
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (TimeoutException e) {
      throw StorageException.unavailable("node " + first.id() + " did not confirm chunk " + handle + " in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sealing chunk " + handle);
    }
  }

  @Override
  public void abort() {
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
