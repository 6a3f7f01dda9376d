package io.gristmill.storage.chunk;

/** Whether a replica may serve reads. */
public enum ReplicaState {
  /** Holds the chunk's current bytes. */
  LIVE,
  /** Holds an older version of the chunk; waits for collection. */
  STALE,
  /** Failed its checksums; never read again, waits for collection and replacement. */
  CORRUPT
}
