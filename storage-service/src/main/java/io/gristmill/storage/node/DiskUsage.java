package io.gristmill.storage.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Size and use of the volume holding a node's data directory, as placement will weigh it. */
record DiskUsage(long capacityBytes, long usedBytes) {

  static DiskUsage of(Path dataDir) throws IOException {
    var store = Files.getFileStore(dataDir);
    long total = store.getTotalSpace();
    // Counts everything on the volume, not only chunks: what matters for placement is the room that is left.
    return new DiskUsage(total, total - store.getUsableSpace());
  }
}
