package io.gristmill.storage.chunk;

import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.CopyChunkRequest;
import io.gristmill.contracts.storage.v1.CopyChunkResponse;
import io.gristmill.contracts.storage.v1.DeleteChunkRequest;
import io.gristmill.contracts.storage.v1.DeleteChunkResponse;
import io.gristmill.contracts.storage.v1.ReadChunkRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.SetChunkVersionRequest;
import io.gristmill.contracts.storage.v1.SetChunkVersionResponse;
import io.gristmill.contracts.storage.v1.WriteChunkRequest;
import io.gristmill.contracts.storage.v1.WriteChunkResponse;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.storage.node.PeerChannels;
import io.gristmill.storage.system.DataMessageMarshaller;
import io.gristmill.storage.system.FlowControlledSender;
import io.gristmill.storage.system.GrpcStatuses;
import io.gristmill.storage.system.StorageException;
import io.gristmill.storage.system.StreamProducers;
import io.gristmill.storage.system.Uuids;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.grpc.server.service.GrpcService;

/** Node-to-node chunk calls. Thin: checks the request, then streams a verified range, a pipeline hop or a copy. */
@GrpcService
class ChunkTransferGrpcService implements ChunkTransferGrpc.AsyncService, BindableService {

  /**
   * What a pipeline hop needs of this node.
   *
   * @param queuedBytes bytes the hop may queue toward the next node before it stops taking messages from upstream
   */
  record Dependencies(LocalChunkStore store, LocalNode node, PeerChannels peers, Duration transferTimeout,
      int queuedBytes) {}

  /** Pipeline messages are parsed with one copy of their data instead of two. */
  private static final DataMessageMarshaller<WriteChunkRequest> WRITES = new DataMessageMarshaller<>(
      ChunkTransferGrpc.getWriteChunkMethod(), data -> WriteChunkRequest.newBuilder().setData(data).build());

  private final LocalChunkStore store;
  private final LocalNode node;
  private final StreamProducers producers;
  private final ChunkCopier copier;
  private final Dependencies hopDependencies;

  ChunkTransferGrpcService(LocalChunkStore store, LocalNode node, StreamProducers producers, ChunkCopier copier,
      PeerChannels peers, StorageProperties properties) {
    this.store = store;
    this.node = node;
    this.producers = producers;
    this.copier = copier;
    this.hopDependencies = new Dependencies(store, node, peers, properties.chunkFetchTimeout(),
        Math.toIntExact(properties.transfer().queuedBytes().toBytes()));
  }

  @Override
  public ServerServiceDefinition bindService() {
    return WRITES.bindTo(ChunkTransferGrpc.bindService(this));
  }

  @Override
  public void readChunk(ReadChunkRequest request, StreamObserver<ReadResponse> responseObserver) {
    FlowControlledSender<ReadResponse> sender =
        new FlowControlledSender<>((ServerCallStreamObserver<ReadResponse>) responseObserver);
    ReplicaStream stream;
    try {
      stream = open(request);
    } catch (RuntimeException e) {
      sender.fail(e);
      return;
    }
    producers.start(() -> {
      try (stream) {
        for (var piece = stream.next(); piece != null; piece = stream.next()) {
          sender.send(ReadResponse.newBuilder().setData(piece).build());
        }
        sender.complete();
      } catch (ReplicaUnusableException e) {
        sender.fail(StorageException.dataLoss(e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        sender.fail(StorageException.unavailable("node " + node.id() + " is shutting down", e));
      } catch (RuntimeException e) {
        sender.fail(e);
      }
    });
  }

  @Override
  public StreamObserver<WriteChunkRequest> writeChunk(StreamObserver<WriteChunkResponse> responseObserver) {
    return new PipelineHop(hopDependencies, (ServerCallStreamObserver<WriteChunkResponse>) responseObserver);
  }

  @Override
  public void copyChunk(CopyChunkRequest request, StreamObserver<CopyChunkResponse> responseObserver) {
    try {
      copier.copy(Uuids.parse(request.getHandle(), "chunk handle"), request.getSize(), request.getSourceAddress(),
          request.getVersion());
      responseObserver.onNext(CopyChunkResponse.getDefaultInstance());
      responseObserver.onCompleted();
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcStatuses.toStatus(e));
    }
  }

  @Override
  public void setChunkVersion(SetChunkVersionRequest request,
      StreamObserver<SetChunkVersionResponse> responseObserver) {
    try {
      UUID handle = Uuids.parse(request.getHandle(), "chunk handle");
      if (store.version(handle) == 0) {
        throw StorageException.notFound("node " + node.id() + " holds no replica of chunk " + handle);
      }
      store.writeVersion(handle, request.getVersion());
      responseObserver.onNext(SetChunkVersionResponse.getDefaultInstance());
      responseObserver.onCompleted();
    } catch (IOException e) {
      responseObserver.onError(GrpcStatuses.toStatus(StorageException.unavailable(
          "node " + node.id() + " could not record the version: " + e.getMessage(), e)));
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcStatuses.toStatus(e));
    }
  }

  @Override
  public void deleteChunk(DeleteChunkRequest request, StreamObserver<DeleteChunkResponse> responseObserver) {
    try {
      store.delete(Uuids.parse(request.getHandle(), "chunk handle"));
      responseObserver.onNext(DeleteChunkResponse.getDefaultInstance());
      responseObserver.onCompleted();
    } catch (IOException e) {
      responseObserver.onError(GrpcStatuses.toStatus(StorageException.unavailable(
          "node " + node.id() + " could not delete the chunk: " + e.getMessage(), e)));
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcStatuses.toStatus(e));
    }
  }

  private ReplicaStream open(ReadChunkRequest request) {
    UUID handle = Uuids.parse(request.getHandle(), "chunk handle");
    if (request.getOffset() < 0 || request.getLength() < 0) {
      throw StorageException.invalidRequest("offset and length must not be negative; got offset "
          + request.getOffset() + " and length " + request.getLength());
    }
    checkVersion(handle, request.getVersion());
    VerifiedChunkFile file;
    try {
      file = store.open(handle);
    } catch (ReplicaUnusableException e) {
      throw e.kind() == ReplicaUnusableException.Kind.MISSING
          ? StorageException.notFound("node " + node.id() + " holds no replica of chunk " + handle)
          : StorageException.dataLoss(e.getMessage());
    }
    long size = file.size();
    if (request.getOffset() > size) {
      file.close();
      throw StorageException.outOfRange("offset " + request.getOffset() + " is past the end of chunk " + handle
          + " (" + size + " bytes)");
    }
    long available = size - request.getOffset();
    long length = request.getLength() == 0 ? available : Math.min(request.getLength(), available);
    return new LocalReplicaStream(file, request.getOffset(), length);
  }

  /** A stale replica is never served, even to a caller whose metadata is behind. */
  private void checkVersion(UUID handle, long expected) {
    if (expected == 0) {
      return;
    }
    long held;
    try {
      held = store.version(handle);
    } catch (IOException e) {
      throw StorageException.dataLoss("chunk " + handle + " cannot be read on node " + node.id() + ": "
          + e.getMessage());
    }
    if (held == 0) {
      throw StorageException.notFound("node " + node.id() + " holds no replica of chunk " + handle);
    }
    if (held != expected) {
      throw StorageException.conflict("node " + node.id() + " holds version " + held + " of chunk " + handle
          + ", not " + expected);
    }
  }
}
