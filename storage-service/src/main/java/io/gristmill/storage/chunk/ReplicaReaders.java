package io.gristmill.storage.chunk;

import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.ReadChunkRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.chunk.ReplicaUnusableException.Kind;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.storage.node.PeerChannels;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Opens a range of any replica: from this node's disk when it holds it, else from the node that does. */
@Component
public class ReplicaReaders {

  /** Largest piece a stream returns, and so the largest message a read sends: well under gRPC's 4 MiB limit. */
  public static final int MESSAGE_BYTES = 1 << 20;

  private final LocalChunkStore store;
  private final LocalNode node;
  private final PeerChannels peers;
  private final Duration fetchTimeout;

  ReplicaReaders(LocalChunkStore store, LocalNode node, PeerChannels peers, StorageProperties properties) {
    this.store = store;
    this.node = node;
    this.peers = peers;
    this.fetchTimeout = properties.chunkFetchTimeout();
  }

  /**
   * Bytes {@code [offset, offset + length)} of the replica of chunk {@code handle} (of {@code chunkSize} bytes)
   * at {@code replica}, which must hold {@code version} (0: any version).
   */
  public ReplicaStream open(UUID handle, long chunkSize, long version, ReplicaLocation replica, long offset,
      long length) throws ReplicaUnusableException {
    if (replica.nodeId().equals(node.id())) {
      return openLocal(handle, chunkSize, version, offset, length);
    }
    return openRemote(handle, version, replica, offset, length);
  }

  /** A range of a replica on this node; {@code chunkSize} is what the metadata says it must hold. */
  public ReplicaStream openLocal(UUID handle, long chunkSize, long version, long offset, long length)
      throws ReplicaUnusableException {
    long held;
    try {
      held = store.version(handle);
    } catch (java.io.IOException e) {
      throw new ReplicaUnusableException(Kind.CORRUPT, "chunk " + handle + " cannot be read: " + e.getMessage(), e);
    }
    if (held == 0) {
      throw new ReplicaUnusableException(Kind.MISSING, "chunk " + handle + " is not stored on node " + node.id());
    }
    if (version != 0 && held != version) {
      throw new ReplicaUnusableException(Kind.STALE, "node " + node.id() + " holds version " + held + " of chunk "
          + handle + ", not " + version);
    }
    VerifiedChunkFile file = store.open(handle);
    if (file.size() != chunkSize) {
      file.close();
      throw new ReplicaUnusableException(Kind.CORRUPT, "chunk " + handle + " holds " + file.size()
          + " bytes on node " + node.id() + " where " + chunkSize + " are expected");
    }
    return new LocalReplicaStream(file, offset, length);
  }

  private ReplicaStream openRemote(UUID handle, long version, ReplicaLocation replica, long offset, long length)
      throws ReplicaUnusableException {
    Context serving = Context.current();
    Context.CancellableContext call = serving.withCancellation();
    Context previous = call.attach();
    try {
      // The whole transfer of one chunk range; the read's own deadline, if shorter, still applies through
      // the context.
      Iterator<ReadResponse> responses = ChunkTransferGrpc.newBlockingStub(peers.to(replica.address()))
          .withDeadlineAfter(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .readChunk(ReadChunkRequest.newBuilder()
              .setHandle(handle.toString()).setOffset(offset).setLength(length).setVersion(version).build());
      return new RemoteReplicaStream(handle, replica.nodeId(), length, serving, call, responses);
    } catch (StatusRuntimeException | IllegalArgumentException e) {
      call.cancel(e);
      throw new ReplicaUnusableException(Kind.UNREACHABLE,
          "node " + replica.nodeId() + " at " + replica.address() + " cannot be reached: " + e.getMessage(), e);
    } finally {
      call.detach(previous);
    }
  }
}
