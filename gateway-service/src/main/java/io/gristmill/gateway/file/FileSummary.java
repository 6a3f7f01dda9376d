package io.gristmill.gateway.file;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.storage.v1.FileInfo;
import java.time.Instant;

/** A file in a listing: its metadata without chunks. */
record FileSummary(
    String id, String name, long size, String sha256, long chunkSize, int replication, String owner,
    Instant createdAt) {

  static FileSummary of(FileInfo file) {
    Timestamp t = file.getCreatedAt();
    return new FileSummary(file.getId(), file.getName(), file.getSize(), file.getSha256(), file.getChunkSize(),
        file.getReplication(), file.getOwner(), file.hasCreatedAt() ? Instant.ofEpochSecond(t.getSeconds(),
        t.getNanos()) : null);
  }
}
