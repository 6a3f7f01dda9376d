package io.gristmill.storage.chunk;

import io.gristmill.storage.chunkfile.ChunkFileFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C of every 64 KiB block of a chunk, kept apart from the data (the {@code <handle>.crc} file: one big-endian
 * 4-byte entry per block, the last block possibly shorter). Computed as bytes pass during an upload and checked on
 * every read, so a flipped bit is caught by the block it sits in.
 */
public final class BlockChecksums {

  /** The format is shared with short-circuit readers on the node's host. */
  public static final int BLOCK_SIZE = ChunkFileFormat.BLOCK_SIZE;
  public static final int ENTRY_BYTES = ChunkFileFormat.ENTRY_BYTES;

  private BlockChecksums() {}

  /** Blocks in a chunk of {@code chunkSize} bytes. */
  public static long blockCount(long chunkSize) {
    return chunkSize == 0 ? 0 : (chunkSize - 1) / BLOCK_SIZE + 1;
  }

  /** CRC32C of the remaining bytes of {@code block}, without moving its position. */
  public static int checksum(ByteBuffer block) {
    CRC32C crc = new CRC32C();
    crc.update(block.duplicate());
    return (int) crc.getValue();
  }

  /** Computes the entries of a chunk's table while its bytes stream past, in any slicing. */
  public static final class Accumulator {
    private final ByteArrayOutputStream table = new ByteArrayOutputStream();
    private CRC32C crc = new CRC32C();
    private int filled;

    public void update(ByteBuffer bytes) {
      ByteBuffer rest = bytes.duplicate();
      while (rest.hasRemaining()) {
        int n = Math.min(rest.remaining(), BLOCK_SIZE - filled);
        ByteBuffer part = rest.slice();
        part.limit(n);
        crc.update(part);
        rest.position(rest.position() + n);
        filled += n;
        if (filled == BLOCK_SIZE) {
          closeBlock();
        }
      }
    }

    /** The table of the bytes seen so far, closing a last partial block. */
    public byte[] finish() {
      if (filled > 0) {
        closeBlock();
      }
      return table.toByteArray();
    }

    private void closeBlock() {
      int value = (int) crc.getValue();
      table.write(value >>> 24);
      table.write(value >>> 16);
      table.write(value >>> 8);
      table.write(value);
      crc = new CRC32C();
      filled = 0;
    }
  }
}
