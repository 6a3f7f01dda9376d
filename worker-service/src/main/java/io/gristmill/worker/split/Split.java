package io.gristmill.worker.split;

/**
 * Bytes {@code [offset, offset + length)} of a file of {@code fileSize} bytes, the part of the input one map task
 * owns. The lines it yields are the lines that start inside it (see {@link SplitReader}).
 */
public record Split(long offset, long length, long fileSize) {

  public Split {
    if (offset < 0 || length < 0 || fileSize < 0) {
      throw new IllegalArgumentException(
          "split offset, length and file size must not be negative, got " + offset + ", " + length + ", " + fileSize);
    }
  }

  /** Exclusive end, clamped to the file: a split declared past the end of its file still ends with it. */
  public long end() {
    return Math.min(fileSize, offset + length);
  }
}
