package io.gristmill.storage.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Size and use of a node as placement weighs it, the way HDFS reports "DFS used": used is the bytes of this
 * node's chunk files, capacity those plus the free space of the volume. Several nodes sharing one disk (the local
 * platform) so still differ by what each of them holds.
 */
record DiskUsage(long capacityBytes, long usedBytes) {

  static DiskUsage of(Path dataDir, long chunkBytes) throws IOException {
    return new DiskUsage(chunkBytes + Files.getFileStore(dataDir).getUsableSpace(), chunkBytes);
  }
}
