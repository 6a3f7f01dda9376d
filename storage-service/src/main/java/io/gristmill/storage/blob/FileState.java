package io.gristmill.storage.blob;

/** Life of a file: written once, then visible, then hidden until collected. */
public enum FileState {
  /** Chunks are arriving; invisible to readers. */
  UPLOADING,
  /** Every chunk is durable; the file can be read. */
  COMMITTED,
  /** Hidden at once; restorable within the retention, after which its chunks are collected. */
  DELETED;

  /** The one table of allowed transitions. */
  boolean canBecome(FileState next) {
    return switch (this) {
      case UPLOADING -> next == COMMITTED;
      case COMMITTED -> next == DELETED;
      case DELETED -> next == COMMITTED;
    };
  }
}
