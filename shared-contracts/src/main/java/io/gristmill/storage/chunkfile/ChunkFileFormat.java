package io.gristmill.storage.chunkfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * How a replica lies on a storage node's disk, shared by the node that writes and serves it and by short-circuit
 * readers on its host (see {@code DescribeLocalStore} in {@code storage.proto}): for a chunk handle {@code H}, the
 * bytes in {@code H}, one big-endian CRC32C per {@value #BLOCK_SIZE}-byte block in {@code H.crc} (the last block
 * possibly shorter), the replica's version as decimal ASCII in {@code H.v}. Every byte read is checked against its
 * block's checksum, by whichever reader.
 */
public final class ChunkFileFormat {

  public static final int BLOCK_SIZE = 64 * 1024;
  public static final int ENTRY_BYTES = Integer.BYTES;

  private ChunkFileFormat() {}

  public static String dataFileName(String handle) {
    return handle;
  }

  public static String checksumFileName(String handle) {
    return handle + ".crc";
  }

  public static String versionFileName(String handle) {
    return handle + ".v";
  }

  /** Blocks in a chunk of {@code chunkSize} bytes. */
  public static long blockCount(long chunkSize) {
    return chunkSize == 0 ? 0 : (chunkSize - 1) / BLOCK_SIZE + 1;
  }

  /** Whether a checksum table of {@code tableSize} bytes fits a replica of {@code size} bytes. */
  public static boolean tableFits(long size, long tableSize) {
    return tableSize == blockCount(size) * ENTRY_BYTES;
  }

  /** A block whose bytes do not match its checksum. */
  public static final class ChecksumMismatchException extends IOException {
    private final long block;

    ChecksumMismatchException(long block) {
      super("block " + block + " fails its checksum");
      this.block = block;
    }

    public long block() {
      return block;
    }
  }

  /**
   * Reads {@code length} bytes from {@code offset} of a replica of {@code size} bytes, reading and checking every
   * whole block they touch against {@code table}. The result is a fresh buffer owned by the caller, holding exactly
   * the bytes asked for.
   *
   * @throws ChecksumMismatchException when a block fails its checksum (nothing of the range is returned)
   * @throws IOException when a file is shorter than {@code size} says or cannot be read
   */
  public static ByteBuffer readVerified(FileChannel data, FileChannel table, long size, long offset, int length)
      throws IOException {
    return readVerified(data, table, size, offset, length, null);
  }

  /**
   * As {@link #readVerified(FileChannel, FileChannel, long, long, int)}, reading into {@code reuse} when it can
   * hold the whole blocks the range touches ({@link #blocksSpanned}), else into a fresh buffer: a reader that
   * streams a replica piece by piece then allocates (and zeroes) nothing per piece. The result is a slice of the
   * buffer read into, valid until the caller reads into {@code reuse} again.
   */
  public static ByteBuffer readVerified(FileChannel data, FileChannel table, long size, long offset, int length,
      ByteBuffer reuse) throws IOException {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IllegalArgumentException("range [" + offset + ", +" + length + ") outside chunk of " + size);
    }
    long firstBlock = offset / BLOCK_SIZE;
    long endBlock = length == 0 ? firstBlock : (offset + length - 1) / BLOCK_SIZE + 1;
    long start = firstBlock * BLOCK_SIZE;
    long end = Math.min(size, endBlock * BLOCK_SIZE);
    int spanned = Math.toIntExact(end - start);
    ByteBuffer blocks = readFully(data, start,
        reuse != null && reuse.capacity() >= spanned ? reuse.clear().limit(spanned) : ByteBuffer.allocate(spanned));
    ByteBuffer entries = readFully(table, firstBlock * ENTRY_BYTES,
        ByteBuffer.allocate(Math.toIntExact((endBlock - firstBlock) * ENTRY_BYTES)));
    CRC32C crc = new CRC32C();
    for (long block = firstBlock; block < endBlock; block++) {
      int from = Math.toIntExact((block - firstBlock) * BLOCK_SIZE);
      int to = Math.min(blocks.limit(), from + BLOCK_SIZE);
      crc.reset();
      crc.update(blocks.duplicate().position(from).limit(to));
      if ((int) crc.getValue() != entries.getInt()) {
        throw new ChecksumMismatchException(block);
      }
    }
    int skip = Math.toIntExact(offset - start);
    return blocks.position(skip).limit(skip + length).slice();
  }

  /**
   * Bytes of the whole checksum blocks that {@code length} bytes from {@code offset} touch, at most: the buffer a
   * reader must offer {@link #readVerified(FileChannel, FileChannel, long, long, int, ByteBuffer)} for pieces of
   * {@code length} bytes at any offset.
   */
  public static int blocksSpanned(int length) {
    return Math.toIntExact((blockCount(length) + 1) * BLOCK_SIZE);
  }

  /** Fills {@code buffer} (from its position to its limit) from {@code position} of the file and flips it. */
  private static ByteBuffer readFully(FileChannel channel, long position, ByteBuffer buffer) throws IOException {
    int length = buffer.remaining();
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("file ends before byte " + (position + length));
      }
    }
    return buffer.flip();
  }
}
