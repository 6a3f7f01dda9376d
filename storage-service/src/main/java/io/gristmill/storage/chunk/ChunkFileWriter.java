package io.gristmill.storage.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes one chunk file as its bytes arrive, computing the block checksums on the way; nothing but the checksum
 * table (4 bytes per 64 KiB) is held in memory. Either {@link #seal} or {@link #abort} ends it; until then the
 * store lists the chunk as unsealed.
 */
public final class ChunkFileWriter {

  private final LocalChunkStore store;
  private final UUID handle;
  private final FileChannel data;
  private final BlockChecksums.Accumulator checksums = new BlockChecksums.Accumulator();
  private long size;

  ChunkFileWriter(LocalChunkStore store, UUID handle) throws IOException {
    this.store = store;
    this.handle = handle;
    boolean registered = store.writeStarted(handle);
    try {
      this.data = FileChannel.open(store.dataFile(handle), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      if (registered) {
        store.writeEnded(handle); // not when another writer of this handle, whose file stopped this one, registered
      }
      throw e;
    }
  }

  public void write(ByteBuffer bytes) throws IOException {
    checksums.update(bytes);
    ByteBuffer rest = bytes.duplicate();
    while (rest.hasRemaining()) {
      size += data.write(rest);
    }
  }

  /**
   * Writes the checksum table and the replica's version and forces them, the data and their directory entries to
   * disk; returns the size. The version file comes last, so a chunk file without one was never sealed.
   */
  public long seal(long version) throws IOException {
    try (FileChannel table = FileChannel.open(store.checksumFile(handle), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer entries = ByteBuffer.wrap(checksums.finish());
      while (entries.hasRemaining()) {
        table.write(entries);
      }
      table.force(true);
    }
    data.force(true);
    data.close();
    store.writeVersion(handle, version);
    store.writeEnded(handle);
    return size;
  }

  /** Closes and removes whatever was written. */
  public void abort() throws IOException {
    try {
      data.close();
    } finally {
      Files.deleteIfExists(store.dataFile(handle));
      Files.deleteIfExists(store.checksumFile(handle));
      Files.deleteIfExists(store.versionFile(handle));
      store.writeEnded(handle);
    }
  }
}
