package io.gristmill.storage.chunk;

import io.gristmill.storage.chunk.ReplicaUnusableException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** A replica held on this node, read only through its block checksums: bytes that fail them never leave. */
public final class VerifiedChunkFile implements AutoCloseable {

  private final UUID handle;
  private final FileChannel data;
  private final FileChannel table;
  private final long size;

  private VerifiedChunkFile(UUID handle, FileChannel data, FileChannel table, long size) {
    this.handle = handle;
    this.data = data;
    this.table = table;
    this.size = size;
  }

  static VerifiedChunkFile open(UUID handle, Path dataFile, Path checksumFile) throws ReplicaUnusableException {
    FileChannel data = null;
    FileChannel table = null;
    try {
      data = FileChannel.open(dataFile, StandardOpenOption.READ);
      table = FileChannel.open(checksumFile, StandardOpenOption.READ);
      long size = data.size();
      if (table.size() != BlockChecksums.blockCount(size) * BlockChecksums.ENTRY_BYTES) {
        throw new ReplicaUnusableException(Kind.CORRUPT, "chunk " + handle + " has " + size
            + " bytes but a checksum table of " + table.size() + " bytes");
      }
      return new VerifiedChunkFile(handle, data, table, size);
    } catch (NoSuchFileException e) {
      closeQuietly(data, table);
      throw new ReplicaUnusableException(Kind.MISSING, "chunk " + handle + " is not stored on this node", e);
    } catch (IOException e) {
      closeQuietly(data, table);
      throw new ReplicaUnusableException(Kind.CORRUPT, "chunk " + handle + " cannot be read: " + e.getMessage(), e);
    } catch (ReplicaUnusableException e) {
      closeQuietly(data, table);
      throw e;
    }
  }

  public long size() {
    return size;
  }

  /**
   * Reads {@code length} bytes from {@code offset}, reading and checking every whole block they touch. The result
   * is a fresh buffer owned by the caller.
   */
  public ByteBuffer read(long offset, int length) throws ReplicaUnusableException {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IllegalArgumentException("range [" + offset + ", +" + length + ") outside chunk of " + size);
    }
    long firstBlock = offset / BlockChecksums.BLOCK_SIZE;
    long endBlock = length == 0 ? firstBlock : (offset + length - 1) / BlockChecksums.BLOCK_SIZE + 1;
    long start = firstBlock * BlockChecksums.BLOCK_SIZE;
    long end = Math.min(size, endBlock * BlockChecksums.BLOCK_SIZE);
    try {
      ByteBuffer blocks = readFully(data, start, Math.toIntExact(end - start));
      ByteBuffer entries = readFully(table, firstBlock * BlockChecksums.ENTRY_BYTES,
          Math.toIntExact((endBlock - firstBlock) * BlockChecksums.ENTRY_BYTES));
      for (long block = firstBlock; block < endBlock; block++) {
        int from = Math.toIntExact((block - firstBlock) * BlockChecksums.BLOCK_SIZE);
        int to = Math.min(blocks.limit(), from + BlockChecksums.BLOCK_SIZE);
        int actual = BlockChecksums.checksum(blocks.duplicate().position(from).limit(to));
        if (actual != entries.getInt()) {
          throw new ReplicaUnusableException(Kind.CORRUPT,
              "chunk " + handle + " fails the checksum of block " + block);
        }
      }
      int skip = Math.toIntExact(offset - start);
      return blocks.position(skip).limit(skip + length).slice();
    } catch (IOException e) {
      throw new ReplicaUnusableException(Kind.CORRUPT, "chunk " + handle + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("file ends before byte " + (position + length));
      }
    }
    return buffer.flip();
  }

  @Override
  public void close() {
    closeQuietly(data, table);
  }

  private static void closeQuietly(FileChannel... channels) {
    for (FileChannel channel : channels) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // Read-only handles: nothing is lost by a failed close.
        }
      }
    }
  }
}
