package io.gristmill.gateway.artifact;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.storage.v1.FileInfo;
import java.time.Instant;

/**
 * An uploaded jar: {@code id} is what a custom job names as {@code custom.artifact}; workers cache it by
 * {@code sha256}.
 */
record ArtifactView(String id, String name, long size, String sha256, String owner, Instant createdAt) {

  static ArtifactView of(FileInfo file) {
    Timestamp created = file.getCreatedAt();
    return new ArtifactView(file.getId(), file.getName(), file.getSize(), file.getSha256(), file.getOwner(),
        Instant.ofEpochSecond(created.getSeconds(), created.getNanos()));
  }
}
