package io.gristmill.storage.chunk;

import io.gristmill.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The chunk files on this node's disk: {@code <data-dir>/chunks/<handle>} holds the bytes and {@code <handle>.crc}
 * their block checksums. Files are named by handle only, never by anything a user chose.
 */
@Component
public class LocalChunkStore {

  private final Path directory;

  @Autowired
  LocalChunkStore(StorageProperties properties) {
    this(properties.dataDir().resolve("chunks"));
  }

  LocalChunkStore(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the chunk directory " + directory, e);
    }
  }

  /** Starts a new chunk file; fails if one with this handle exists. */
  public ChunkFileWriter create(UUID handle) throws IOException {
    return new ChunkFileWriter(this, handle);
  }

  /** Opens a replica held here for verified reads. */
  public VerifiedChunkFile open(UUID handle) throws ReplicaUnusableException {
    return VerifiedChunkFile.open(handle, dataFile(handle), checksumFile(handle));
  }

  /** Removes a chunk's files if present. */
  public void delete(UUID handle) throws IOException {
    Files.deleteIfExists(dataFile(handle));
    Files.deleteIfExists(checksumFile(handle));
  }

  Path dataFile(UUID handle) {
    return directory.resolve(handle.toString());
  }

  Path checksumFile(UUID handle) {
    return directory.resolve(handle + ".crc");
  }

  /** Makes the directory entries of newly created files durable, not only their contents. */
  void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
