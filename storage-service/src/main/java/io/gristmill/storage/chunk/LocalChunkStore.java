package io.gristmill.storage.chunk;

import io.gristmill.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The chunk files on this node's disk: {@code <data-dir>/chunks/<handle>} holds the bytes and {@code <handle>.crc}
 * their block checksums, {@code <handle>.v} the replica's version. Files are named by handle only, never by
 * anything a user chose.
 */
@Component
public class LocalChunkStore {

  private final Path directory;
  /** Handles whose {@link ChunkFileWriter} has neither sealed nor aborted: their files are not a replica yet. */
  private final Set<UUID> writing = ConcurrentHashMap.newKeySet();

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

  /** The absolute directory of the chunk files, which short-circuit readers on this host are told. */
  public Path directory() {
    return directory.toAbsolutePath();
  }

  /** Starts a new chunk file; fails if one with this handle exists. */
  public ChunkFileWriter create(UUID handle) throws IOException {
    return new ChunkFileWriter(this, handle);
  }

  /** Opens a replica held here for verified reads. */
  public VerifiedChunkFile open(UUID handle) throws ReplicaUnusableException {
    return VerifiedChunkFile.open(handle, dataFile(handle), checksumFile(handle));
  }

  /** Removes a chunk's files if present; the version goes first, so a half-removed chunk reads as unsealed. */
  public void delete(UUID handle) throws IOException {
    Files.deleteIfExists(versionFile(handle));
    Files.deleteIfExists(checksumFile(handle));
    Files.deleteIfExists(dataFile(handle));
  }

  /**
   * The version of a replica held here: its version file, else {@link Chunk#FIRST_VERSION} for a sealed chunk
   * written before versions were kept on disk, else 0 for a chunk that was never sealed (or is being written).
   */
  public long version(UUID handle) throws IOException {
    Path file = versionFile(handle);
    if (Files.exists(file)) {
      try {
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
      } catch (NumberFormatException e) {
        return 0; // a torn version file: treat the replica as unsealed, so it is collected and replaced
      }
    }
    return Files.exists(checksumFile(handle)) && Files.exists(dataFile(handle)) ? Chunk.FIRST_VERSION : 0;
  }

  /** Records a replica's version atomically and durably. */
  public void writeVersion(UUID handle, long version) throws IOException {
    Path partial = directory.resolve(handle + ".v.tmp");
    Files.writeString(partial, Long.toString(version), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    Files.move(partial, versionFile(handle), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory();
  }

  /**
   * Every chunk file here with its version, size and last change: this node's chunk report. A chunk whose writer
   * has not finished sealing it is listed with version 0 (never sealed).
   */
  public List<HeldChunk> list() throws IOException {
    List<HeldChunk> held = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        UUID handle = handleOf(file.getFileName().toString());
        if (handle == null) {
          continue;
        }
        try {
          // A chunk being sealed has its checksums before its version file, which version() would take for a
          // chunk sealed before versions were kept (version 1); a report must show it unsealed until it is.
          // Asked before the version is read: a writer registers before its file exists and leaves once sealed.
          long version = writing.contains(handle) ? 0 : version(handle);
          held.add(new HeldChunk(handle, version, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
          // deleted while listing
        }
      }
    }
    return held;
  }

  private static UUID handleOf(String name) {
    if (name.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  Path dataFile(UUID handle) {
    return directory.resolve(handle.toString());
  }

  Path checksumFile(UUID handle) {
    return directory.resolve(handle + ".crc");
  }

  Path versionFile(UUID handle) {
    return directory.resolve(handle + ".v");
  }

  /** A chunk file on this disk, as the chunk report lists it; version 0 means never sealed. */
  public record HeldChunk(UUID handle, long version, long size, Instant modifiedAt) {}

  /** Returns false when another writer of this handle is registered already. */
  boolean writeStarted(UUID handle) {
    return writing.add(handle);
  }

  void writeEnded(UUID handle) {
    writing.remove(handle);
  }

  /** Makes the directory entries of newly created files durable, not only their contents. */
  void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
