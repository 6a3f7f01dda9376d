package io.gristmill.worker.shuffle;

import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.mapoutput.CorruptMapOutputException;
import io.gristmill.worker.mapoutput.MapOutputIndex;
import io.grpc.StatusRuntimeException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Copies one partition of a map output kept in the blob store (see {@link
 * io.gristmill.worker.mapoutput.MapOutputStore#openPublished}) into a local file: it reads the partition's index
 * entry, then exactly that byte range, and checks the CRC32C the map computed, as the Shuffle service does for
 * outputs on disk. The worker that ran the map need not be up.
 */
public final class StorageFetcher {

  private static final int COPY_BYTES = 64 << 10;

  private final BlobStoreClient blobStore;

  public StorageFetcher(BlobStoreClient blobStore) {
    this.blobStore = blobStore;
  }

  /**
   * Writes {@code source}'s partition to {@code target}.
   *
   * @param reducers partitions of the map output, which fixes the index's size
   * @throws ShuffleFetchException naming map, attempt and file when the blob store cannot serve it
   * @throws CorruptMapOutputException when the bytes do not match their index entry or checksum
   */
  public void fetch(MapOutputSource source, int partition, int reducers, Path target) throws IOException {
    String fileId = source.intermediateFileId();
    try {
      MapOutputIndex.Entry entry;
      try (DataInputStream index = new DataInputStream(blobStore.open(fileId,
          (long) partition * MapOutputIndex.ENTRY_BYTES, MapOutputIndex.ENTRY_BYTES))) {
        entry = MapOutputIndex.readEntry(index);
      }
      CRC32C crc = new CRC32C();
      long copied = 0;
      try (OutputStream out = Files.newOutputStream(target)) {
        // Length 0 means "to the end" to the blob store, so an empty partition is not read at all.
        if (entry.length() > 0) {
          long dataStart = (long) reducers * MapOutputIndex.ENTRY_BYTES;
          try (InputStream in = blobStore.open(fileId, dataStart + entry.offset(), entry.length())) {
            byte[] buffer = new byte[COPY_BYTES];
            for (int n; (n = in.read(buffer)) > 0; ) {
              crc.update(buffer, 0, n);
              out.write(buffer, 0, n);
              copied += n;
            }
          }
        }
      }
      if (copied != entry.length() || (int) crc.getValue() != entry.crc32c()) {
        throw new CorruptMapOutputException("partition " + partition + " of map " + source.mapIndex()
            + " (attempt " + source.attemptId() + ") in blob store file " + fileId + ": " + copied + " of "
            + entry.length() + " bytes read, " + (copied == entry.length() ? "failing their CRC32C check"
            : "the file ends early"));
      }
    } catch (StatusRuntimeException e) {
      throw failure(source, partition, e.getStatus().getCode() + ": " + e.getStatus().getDescription(), e,
          ShuffleFetchException.transientStatus(e.getStatus()));
    } catch (EOFException e) {
      throw new CorruptMapOutputException("blob store file " + fileId + " of map " + source.mapIndex()
          + " (attempt " + source.attemptId() + ") has no index entry for partition " + partition);
    }
  }

  private static ShuffleFetchException failure(MapOutputSource source, int partition, String reason, Exception e,
      boolean retryable) {
    return new ShuffleFetchException("cannot read partition " + partition + " of map " + source.mapIndex()
        + " (attempt " + source.attemptId() + ") from blob store file " + source.intermediateFileId() + ": "
        + reason, e, retryable);
  }
}
