package io.gristmill.jobs.job;

import java.util.List;

/**
 * What the job service needs to know of an input file to split it.
 *
 * @param id blob store file id
 * @param name display name
 * @param size bytes in the file
 * @param chunks the file's chunks in index order; empty for a 0-byte file
 */
public record InputFile(String id, String name, long size, List<Chunk> chunks) {

  public InputFile {
    chunks = List.copyOf(chunks);
  }

  /**
   * One chunk of the file.
   *
   * @param offset first byte of the chunk within the file
   * @param size bytes in the chunk
   * @param replicaHosts hosts of the storage nodes holding a live replica of it
   */
  public record Chunk(long offset, long size, List<String> replicaHosts) {

    public Chunk {
      replicaHosts = List.copyOf(replicaHosts);
    }
  }
}
