package io.gristmill.storage.blob;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A file's metadata row. Its state changes only through {@link #commit}, {@link #delete} and {@link #restore}; its
 * name only through {@link #rename}.
 */
@Entity
@Table(name = "files")
public class BlobFile {

  @Id
  private UUID id;

  @Column(nullable = false, length = 255)
  private String name;

  @Column(nullable = false)
  private long size;

  @Column(length = 64)
  private String sha256;

  @Column(name = "chunk_size", nullable = false)
  private long chunkSize;

  @Column(nullable = false)
  private int replication;

  @Column(nullable = false)
  private String owner;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private FileState state;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "deleted_at")
  private Instant deletedAt;

  protected BlobFile() {}

  private BlobFile(UUID id, UploadPlan plan, Instant now) {
    this.id = id;
    this.name = plan.name();
    this.chunkSize = plan.chunkSize();
    this.replication = plan.replication();
    this.owner = plan.owner();
    this.state = FileState.UPLOADING;
    this.createdAt = now;
  }

  /** A file whose bytes are about to arrive. */
  static BlobFile startUpload(UUID id, UploadPlan plan, Instant now) {
    return new BlobFile(id, plan, now);
  }

  /** Every chunk is durable: the file becomes visible with its final size and digest. */
  void commit(long size, String sha256) {
    moveTo(FileState.COMMITTED);
    this.size = size;
    this.sha256 = sha256;
  }

  /** Hides the file; its chunks wait for the collector. */
  void delete(Instant now) {
    moveTo(FileState.DELETED);
    this.deletedAt = now;
  }

  /** Makes a deleted file visible again; the caller has checked the retention. */
  void restore() {
    moveTo(FileState.COMMITTED);
    this.deletedAt = null;
  }

  /** Gives the file another name; the caller has checked the name's rules. Names are not unique. */
  void rename(String newName) {
    if (!isVisible()) {
      throw new IllegalStateException("file " + id + " is " + state + "; only a committed file can be renamed");
    }
    this.name = newName;
  }

  boolean isVisible() {
    return state == FileState.COMMITTED;
  }

  private void moveTo(FileState next) {
    if (!state.canBecome(next)) {
      throw new IllegalStateException("file " + id + " cannot go from " + state + " to " + next);
    }
    state = next;
  }

  public UUID id() {
    return id;
  }

  public String name() {
    return name;
  }

  public long size() {
    return size;
  }

  public String sha256() {
    return sha256;
  }

  public long chunkSize() {
    return chunkSize;
  }

  public int replication() {
    return replication;
  }

  public String owner() {
    return owner;
  }

  public FileState state() {
    return state;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant deletedAt() {
    return deletedAt;
  }
}
