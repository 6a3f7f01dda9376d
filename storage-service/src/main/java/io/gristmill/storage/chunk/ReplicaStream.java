package io.gristmill.storage.chunk;

import com.google.protobuf.ByteString;

/** Verified bytes of a range of one replica, in pieces of at most {@link ReplicaReaders#MESSAGE_BYTES}. */
public interface ReplicaStream extends AutoCloseable {

  /** The next piece, or null once the whole range has been returned. */
  ByteString next() throws ReplicaUnusableException;

  /** Releases files or cancels the call to another node; safe to call more than once. */
  @Override
  void close();
}
