package io.gristmill.storage.chunk;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.storage.chunk.ReplicaUnusableException.Kind;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.UUID;

/**
 * A range of a replica on another node, fetched with ChunkTransfer.ReadChunk. The call runs in a child of the
 * current gRPC context, so it ends when the read it serves is cancelled, and {@link #close} ends it early.
 */
final class RemoteReplicaStream implements ReplicaStream {

  private final UUID handle;
  private final String nodeId;
  private final long expected;
  private final Context serving;
  private final Context.CancellableContext context;
  private final Iterator<ReadResponse> responses;
  private long received;

  RemoteReplicaStream(UUID handle, String nodeId, long expected, Context serving,
      Context.CancellableContext context, Iterator<ReadResponse> responses) {
    this.serving = serving;
    this.handle = handle;
    this.nodeId = nodeId;
    this.expected = expected;
    this.context = context;
    this.responses = responses;
  }

  @Override
  public ByteString next() throws ReplicaUnusableException {
    try {
      if (!responses.hasNext()) {
        if (received != expected) {
          throw new ReplicaUnusableException(Kind.CORRUPT, "node " + nodeId + " sent " + received + " bytes of chunk "
              + handle + " where " + expected + " were asked for");
        }
        return null;
      }
      ByteString piece = responses.next().getData();
      received += piece.size();
      if (received > expected) {
        throw new ReplicaUnusableException(Kind.CORRUPT, "node " + nodeId + " sent more of chunk " + handle
            + " than the " + expected + " bytes asked for");
      }
      return piece;
    } catch (StatusRuntimeException e) {
      throw classify(e);
    }
  }

  private ReplicaUnusableException classify(StatusRuntimeException e) {
    if (serving.isCancelled()) {
      // The read we serve was cancelled: stop, do not try other replicas.
      throw Status.CANCELLED.withDescription("the client cancelled the call").asRuntimeException();
    }
    String message = "node " + nodeId + " could not serve chunk " + handle + ": " + e.getStatus();
    return switch (e.getStatus().getCode()) {
      case DATA_LOSS, OUT_OF_RANGE -> new ReplicaUnusableException(Kind.CORRUPT, message, e);
      case NOT_FOUND -> new ReplicaUnusableException(Kind.MISSING, message, e);
      case FAILED_PRECONDITION -> new ReplicaUnusableException(Kind.STALE, message, e);
      default -> new ReplicaUnusableException(Kind.UNREACHABLE, message, e);
    };
  }

  @Override
  public void close() {
    context.cancel(null);
  }
}
