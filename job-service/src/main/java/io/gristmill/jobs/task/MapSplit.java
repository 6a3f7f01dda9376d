package io.gristmill.jobs.task;

import java.util.List;

/**
 * The input of one map task: bytes [offset, offset + length) of an input file, which is one chunk of it.
 *
 * @param fileId blob store id of the input file
 * @param fileName display name of the input file
 * @param offset first byte of the split within the file
 * @param length bytes in the split
 * @param fileSize size of the whole file, so the reader knows where the last line may end
 * @param replicaHosts hosts holding a replica of the split's chunk, preferred when the task is claimed
 */
public record MapSplit(String fileId, String fileName, long offset, long length, long fileSize,
    List<String> replicaHosts) {

  public MapSplit {
    replicaHosts = List.copyOf(replicaHosts);
  }
}
