package io.gristmill.storage.blob;

/** Life of a file: written once, then visible, then hidden until collected. */
public enum FileState {
  /** Chunks are arriving; invisible to readers. */
  UPLOADING,
  /** Every chunk is durable; the file can be read. */
  COMMITTED,
  /** Hidden at once; its chunks are collected later. */
  DELETED;

  /** The one table of allowed transitions. */
  boolean canBecome(FileState next) {
    return switch (this) {
      case UPLOADING -> next == COMMITTED;
      case COMMITTED -> next == DELETED;
      case DELETED -> false;
    };
  }
}
