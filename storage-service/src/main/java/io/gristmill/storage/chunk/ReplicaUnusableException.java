package io.gristmill.storage.chunk;

/** One replica of a chunk cannot serve a read; the reader should try another replica. */
public final class ReplicaUnusableException extends Exception {

  /** What is wrong with the replica, which decides what the metadata should learn. */
  public enum Kind {
    /** The node has no such chunk file. */
    MISSING,
    /** The bytes or their checksums are wrong: the replica must not be trusted again. */
    CORRUPT,
    /** The node holds another version of the chunk than the metadata: never served, collected. */
    STALE,
    /** The node holding it cannot be reached now; it may come back. */
    UNREACHABLE
  }

  private final Kind kind;

  public ReplicaUnusableException(Kind kind, String message) {
    this(kind, message, null);
  }

  public ReplicaUnusableException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
