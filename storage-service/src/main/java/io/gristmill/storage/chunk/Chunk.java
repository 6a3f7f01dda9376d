package io.gristmill.storage.chunk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One fixed-size piece of a file. Its bytes live in replicas on nodes; {@code version} will find stale ones. */
@Entity
@Table(name = "chunks")
public class Chunk {

  /** The version of a chunk when its bytes are first written; every re-formed replica set raises it. */
  public static final long FIRST_VERSION = 1;

  @Id
  private UUID handle;

  @Column(name = "file_id", nullable = false)
  private UUID fileId;

  @Column(name = "chunk_index", nullable = false)
  private int index;

  @Column(name = "chunk_offset", nullable = false)
  private long offset;

  @Column(nullable = false)
  private long size;

  @Column(nullable = false)
  private long version;

  protected Chunk() {}

  /** @param version the version its first replicas were written with (above the first after a pipeline retry) */
  public Chunk(UUID handle, UUID fileId, int index, long offset, long size, long version) {
    if (version < FIRST_VERSION) {
      throw new IllegalArgumentException("chunk " + handle + " cannot start at version " + version);
    }
    this.handle = handle;
    this.fileId = fileId;
    this.index = index;
    this.offset = offset;
    this.size = size;
    this.version = version;
  }

  /** The replica set was re-formed (repair, move): replicas left out of it keep the old version and are stale. */
  public void reformed(long newVersion) {
    if (newVersion <= version) {
      throw new IllegalArgumentException("chunk " + handle + " is at version " + version + "; cannot go to "
          + newVersion);
    }
    version = newVersion;
  }

  public UUID handle() {
    return handle;
  }

  public UUID fileId() {
    return fileId;
  }

  public int index() {
    return index;
  }

  public long offset() {
    return offset;
  }

  public long size() {
    return size;
  }

  public long version() {
    return version;
  }
}
