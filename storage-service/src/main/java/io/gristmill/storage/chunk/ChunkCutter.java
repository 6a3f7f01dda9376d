package io.gristmill.storage.chunk;

/**
 * Where a file's bytes fall into fixed-size chunks: chunk {@code i} holds file bytes {@code [i * chunkSize, (i + 1)
 * * chunkSize)}, the last chunk possibly shorter, and a 0-byte file has no chunk. Used both to cut an upload and to
 * map a read range onto chunks.
 */
public record ChunkCutter(long chunkSize) {

  public ChunkCutter {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive; was " + chunkSize);
    }
  }

  /** A run of bytes inside one chunk. */
  public record Piece(int chunkIndex, long offsetInChunk, long length, boolean reachesChunkEnd) {}

  /**
   * The longest run of bytes that starts at file position {@code position}, stays inside one chunk and is at most
   * {@code remaining} long.
   */
  public Piece pieceAt(long position, long remaining) {
    if (position < 0 || remaining < 1) {
      throw new IllegalArgumentException("need a position >= 0 and remaining >= 1; got " + position + ", " + remaining);
    }
    long offsetInChunk = position % chunkSize;
    long length = Math.min(remaining, chunkSize - offsetInChunk);
    return new Piece(Math.toIntExact(position / chunkSize), offsetInChunk, length,
        offsetInChunk + length == chunkSize);
  }

  /** How many chunks a file of {@code fileSize} bytes has. */
  public long chunkCount(long fileSize) {
    return fileSize == 0 ? 0 : (fileSize - 1) / chunkSize + 1;
  }
}
