package io.gristmill.storage.chunk;

import io.gristmill.storage.chunk.ReplicaUnusableException.Kind;
import io.gristmill.storage.chunkfile.ChunkFileFormat;
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
      if (!ChunkFileFormat.tableFits(size, table.size())) {
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
    try {
      return ChunkFileFormat.readVerified(data, table, size, offset, length);
    } catch (ChunkFileFormat.ChecksumMismatchException e) {
      throw new ReplicaUnusableException(Kind.CORRUPT, "chunk " + handle + " fails the checksum of block " + e.block());
    } catch (IOException e) {
      throw new ReplicaUnusableException(Kind.CORRUPT, "chunk " + handle + " cannot be read: " + e.getMessage(), e);
    }
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
