package io.gristmill.storage.chunk;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/** A range of a replica on this node's disk, checked block by block as it is read. */
final class LocalReplicaStream implements ReplicaStream {

  private final VerifiedChunkFile file;
  private final long end;
  private long position;

  LocalReplicaStream(VerifiedChunkFile file, long offset, long length) {
    this.file = file;
    this.position = offset;
    this.end = offset + length;
  }

  @Override
  public ByteString next() throws ReplicaUnusableException {
    if (position >= end) {
      return null;
    }
    int n = (int) Math.min(end - position, ReplicaReaders.MESSAGE_BYTES);
    // The buffer is fresh and never touched again, so wrapping it without a copy is safe.
    ByteString piece = UnsafeByteOperations.unsafeWrap(file.read(position, n));
    position += n;
    return piece;
  }

  @Override
  public void close() {
    file.close();
  }
}
