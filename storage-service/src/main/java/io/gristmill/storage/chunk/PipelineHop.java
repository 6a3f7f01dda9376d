package io.gristmill.storage.chunk;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.WriteChunkHeader;
import io.gristmill.contracts.storage.v1.WriteChunkRequest;
import io.gristmill.contracts.storage.v1.WriteChunkResponse;
import io.gristmill.storage.system.GrpcStatuses;
import io.gristmill.storage.system.StorageException;
import io.gristmill.storage.system.Uuids;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's part of a write pipeline: writes each message to this node's disk and forwards it to the next node.
 * The next message is requested from upstream only once the downstream call can take one, so a slow node slows
 * the whole pipeline instead of filling memory. A downstream node that fails is dropped: this node finishes its
 * own replica and reports only the nodes that succeeded; the writer tops up the rest.
 */
final class PipelineHop implements StreamObserver<WriteChunkRequest> {

  private static final Logger log = LoggerFactory.getLogger(PipelineHop.class);

  private final ChunkTransferGrpcService.Dependencies deps;
  private final ServerCallStreamObserver<WriteChunkResponse> upstream;
  private ChunkFileWriter writer;
  private UUID handle;
  private long version;
  private boolean ended;

  // Guarded by this: downstream readiness arrives on another thread.
  private ClientCallStreamObserver<WriteChunkRequest> downstream;
  private boolean downstreamFailed;
  private boolean wantsNext;
  private WriteChunkResponse downstreamReply;
  private boolean downstreamDone;
  private Runnable onDownstreamDone;

  PipelineHop(ChunkTransferGrpcService.Dependencies deps, ServerCallStreamObserver<WriteChunkResponse> upstream) {
    this.deps = deps;
    this.upstream = upstream;
    upstream.disableAutoRequest();
    // One message ahead: the writer prepares the next while this hop writes the last. Over the network the
    // transport's window allows that anyway; in process (a node's call to itself) a message is only sent once
    // requested, so with one the writer and this hop would take turns.
    upstream.request(2);
  }

  @Override
  public void onNext(WriteChunkRequest request) {
    if (ended) {
      return;
    }
    try {
      switch (request.getPartCase()) {
        case HEADER -> begin(request.getHeader());
        case DATA -> append(request.getData(), request);
        case PART_NOT_SET -> throw StorageException.invalidRequest("a write message must carry a header or data");
      }
      requestNext();
    } catch (FileAlreadyExistsException e) {
      fail(StorageException.alreadyExists("node " + deps.node().id() + " already holds chunk " + handle));
    } catch (IOException e) {
      fail(StorageException.unavailable("node " + deps.node().id() + " could not write chunk " + handle + ": "
          + e.getMessage(), e));
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void begin(WriteChunkHeader header) throws IOException {
    if (writer != null) {
      throw StorageException.invalidRequest("the write header may only be sent once, in the first message");
    }
    handle = Uuids.parse(header.getHandle(), "chunk handle");
    version = header.getVersion();
    long held = deps.store().version(handle);
    if (held > 0 && held < version) {
      // A sealed replica from an earlier pipeline of this chunk that the writer gave up on: stale, replaced.
      deps.store().delete(handle);
    }
    writer = deps.store().create(handle);
    if (header.getDownstreamCount() > 0) {
      openDownstream(header);
    }
  }

  private void append(ByteString data, WriteChunkRequest request) throws IOException {
    if (writer == null) {
      throw StorageException.invalidRequest("the first write message must carry the header");
    }
    // Forwarded first: the next node receives the bytes while this one writes them.
    synchronized (this) {
      if (downstream != null && !downstreamFailed) {
        downstream.onNext(request);
      }
    }
    writer.write(data.asReadOnlyByteBuffer());
  }

  private void openDownstream(WriteChunkHeader header) {
    String next = header.getDownstream(0);
    WriteChunkHeader forwarded = header.toBuilder().clearDownstream()
        .addAllDownstream(header.getDownstreamList().subList(1, header.getDownstreamCount())).build();
    ChunkTransferGrpc.newStub(deps.peers().to(next))
        .withDeadlineAfter(deps.transferTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .withOnReadyThreshold(deps.queuedBytes())
        .writeChunk(new ClientResponseObserver<WriteChunkRequest, WriteChunkResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<WriteChunkRequest> call) {
            synchronized (PipelineHop.this) {
              downstream = call;
            }
            call.setOnReadyHandler(PipelineHop.this::downstreamReady);
          }

          @Override
          public void onNext(WriteChunkResponse reply) {
            synchronized (PipelineHop.this) {
              downstreamReply = reply;
            }
          }

          @Override
          public void onError(Throwable t) {
            log.warn("pipeline of chunk {} lost node {}: {}", handle, next, t.toString());
            downstreamEnded(true);
          }

          @Override
          public void onCompleted() {
            downstreamEnded(false);
          }
        });
    synchronized (this) {
      downstream.onNext(WriteChunkRequest.newBuilder().setHeader(forwarded).build());
    }
  }

  private synchronized void requestNext() {
    if (downstream == null || downstreamFailed || downstream.isReady()) {
      upstream.request(1);
    } else {
      wantsNext = true;
    }
  }

  private synchronized void downstreamReady() {
    if (wantsNext && downstream.isReady()) {
      wantsNext = false;
      upstream.request(1);
    }
  }

  private void downstreamEnded(boolean failed) {
    Runnable then;
    synchronized (this) {
      downstreamFailed |= failed;
      downstreamDone = true;
      if (wantsNext) {
        wantsNext = false;
        upstream.request(1);
      }
      then = onDownstreamDone;
    }
    if (then != null) {
      then.run();
    }
  }

  /**
   * Ends the hop: the downstream nodes are told first, so that every node of the pipeline forces its replica to
   * disk at the same time instead of one after another; the reply waits for this node's replica and the
   * downstream answer. If this node then fails to seal, the downstream replicas it let seal keep the failed
   * attempt's version, which the retry raises, so they are stale and collected like any other leftover.
   */
  @Override
  public void onCompleted() {
    if (ended) {
      return;
    }
    ended = true;
    if (writer == null) {
      fail(StorageException.invalidRequest("the write ended without a header"));
      return;
    }
    synchronized (this) {
      if (downstream != null && !downstreamDone && !downstreamFailed) {
        downstream.onCompleted();
      }
    }
    long size;
    try {
      size = writer.seal(version);
    } catch (IOException e) {
      fail(StorageException.unavailable("node " + deps.node().id() + " could not seal chunk " + handle + ": "
          + e.getMessage(), e));
      return;
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    boolean waitForDownstream;
    synchronized (this) {
      waitForDownstream = downstream != null && !downstreamDone;
      if (waitForDownstream) {
        onDownstreamDone = () -> reply(size);
      }
    }
    if (!waitForDownstream) {
      reply(size);
    }
  }

  private void reply(long size) {
    WriteChunkResponse.Builder reply = WriteChunkResponse.newBuilder().addNodeIds(deps.node().id()).setSize(size);
    synchronized (this) {
      if (!downstreamFailed && downstreamReply != null) {
        reply.addAllNodeIds(downstreamReply.getNodeIdsList());
      }
    }
    try {
      upstream.onNext(reply.build());
      upstream.onCompleted();
    } catch (RuntimeException e) {
      log.debug("writer of chunk {} went away before the reply: {}", handle, e.toString());
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!ended) {
      ended = true;
      abort();
    }
  }

  private void fail(Throwable failure) {
    ended = true;
    abort();
    upstream.onError(GrpcStatuses.toStatus(failure));
  }

  private void abort() {
    synchronized (this) {
      if (downstream != null && !downstreamDone) {
        downstream.cancel("upstream of the pipeline failed", null);
      }
    }
    if (writer != null) {
      try {
        writer.abort();
      } catch (IOException e) {
        log.warn("could not remove the partial chunk {}: {}", handle, e.toString());
      }
    }
  }
}
