package io.gristmill.worker.shuffle;

/**
 * Where a reducer finds one map task's output.
 *
 * @param mapIndex the map task's split number
 * @param attemptId the successful map attempt whose output to fetch
 * @param address host:port of the Shuffle service of the worker that ran it
 * @param intermediateFileId the blob store file holding the output when the job keeps intermediate data in
 *     storage; empty when it lies on the worker's disk
 */
public record MapOutputSource(int mapIndex, String attemptId, String address, String intermediateFileId) {

  /** A map output on the worker's disk, fetched through its Shuffle service. */
  public MapOutputSource(int mapIndex, String attemptId, String address) {
    this(mapIndex, attemptId, address, "");
  }

  public boolean inStorage() {
    return !intermediateFileId.isEmpty();
  }
}
