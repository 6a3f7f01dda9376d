package io.gristmill.storage.chunk;

import com.google.protobuf.ByteString;
import io.gristmill.storage.system.StorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Copies a chunk from another node onto this one (re-replication, rebalancing). The source verifies every block
 * as it sends it, and this node computes fresh checksums as it writes, so a copy is as trustworthy as the source.
 */
@Component
class ChunkCopier {

  private final LocalChunkStore store;
  private final ReplicaReaders readers;

  ChunkCopier(LocalChunkStore store, ReplicaReaders readers) {
    this.store = store;
    this.readers = readers;
  }

  /** Copies {@code size} bytes of chunk {@code handle} from {@code sourceAddress}; keeps them as {@code version}. */
  void copy(UUID handle, long size, String sourceAddress, long version) {
    try {
      if (holdsIntact(handle, size)) {
        store.writeVersion(handle, version);
        return;
      }
      store.delete(handle); // a partial or torn copy from an earlier attempt
      ChunkFileWriter writer = store.create(handle);
      ReplicaLocation source = new ReplicaLocation(sourceAddress, sourceAddress, "", ReplicaState.LIVE, 0, true);
      try (ReplicaStream stream = readers.open(handle, size, 0, source, 0, size)) {
        for (ByteString piece = stream.next(); piece != null; piece = stream.next()) {
          writer.write(piece.asReadOnlyByteBuffer());
        }
        writer.seal(version);
      } catch (ReplicaUnusableException | IOException | RuntimeException e) {
        writer.abort();
        throw e;
      }
    } catch (FileAlreadyExistsException e) {
      throw StorageException.alreadyExists("chunk " + handle + " is being written on this node");
    } catch (IOException e) {
      throw StorageException.unavailable("could not store a copy of chunk " + handle + ": " + e.getMessage(), e);
    } catch (ReplicaUnusableException e) {
      throw e.kind() == ReplicaUnusableException.Kind.CORRUPT
          ? StorageException.dataLoss("the source of chunk " + handle + " is corrupt: " + e.getMessage())
          : StorageException.unavailable("the source of chunk " + handle + " cannot be read: " + e.getMessage(), e);
    }
  }

  private boolean holdsIntact(UUID handle, long size) throws IOException {
    if (store.version(handle) == 0) {
      return false;
    }
    try (VerifiedChunkFile file = store.open(handle)) {
      if (file.size() != size) {
        return false;
      }
      for (long at = 0; at < size; at += ReplicaReaders.MESSAGE_BYTES) {
        file.read(at, (int) Math.min(ReplicaReaders.MESSAGE_BYTES, size - at));
      }
      return true;
    } catch (ReplicaUnusableException e) {
      return false;
    }
  }
}
