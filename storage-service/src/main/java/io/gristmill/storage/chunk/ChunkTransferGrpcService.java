package io.gristmill.storage.chunk;

import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.ReadChunkRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.storage.system.FlowControlledSender;
import io.gristmill.storage.system.StorageException;
import io.gristmill.storage.system.StreamProducers;
import io.gristmill.storage.system.Uuids;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import org.springframework.grpc.server.service.GrpcService;

/** Serves this node's replicas to other nodes. Thin: checks the request, streams a verified range. */
@GrpcService
class ChunkTransferGrpcService extends ChunkTransferGrpc.ChunkTransferImplBase {

  private final LocalChunkStore store;
  private final LocalNode node;
  private final StreamProducers producers;

  ChunkTransferGrpcService(LocalChunkStore store, LocalNode node, StreamProducers producers) {
    this.store = store;
    this.node = node;
    this.producers = producers;
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

  private ReplicaStream open(ReadChunkRequest request) {
    UUID handle = Uuids.parse(request.getHandle(), "chunk handle");
    if (request.getOffset() < 0 || request.getLength() < 0) {
      throw StorageException.invalidRequest("offset and length must not be negative; got offset "
          + request.getOffset() + " and length " + request.getLength());
    }
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
}
