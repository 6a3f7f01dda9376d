package io.gristmill.storage.blob;

import io.gristmill.storage.chunk.Chunk;
import io.gristmill.storage.chunk.ChunkCutter;
import io.gristmill.storage.chunk.ChunkRepository;
import io.gristmill.storage.chunk.Replica;
import io.gristmill.storage.chunk.ReplicaId;
import io.gristmill.storage.chunk.ReplicaLocation;
import io.gristmill.storage.chunk.ReplicaRepository;
import io.gristmill.storage.chunk.StoredChunk;
import io.gristmill.storage.node.NodeRepository;
import io.gristmill.storage.node.StorageNode;
import io.gristmill.storage.system.StorageException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The metadata of files, chunks and replicas; each method is one transaction. */
@Component
public class FileCatalog {

  private final BlobFileRepository files;
  private final ChunkRepository chunks;
  private final ReplicaRepository replicas;
  private final NodeRepository nodes;
  private final RecoverableCommit recoverable;
  private final Clock clock;

  FileCatalog(BlobFileRepository files, ChunkRepository chunks, ReplicaRepository replicas, NodeRepository nodes,
      RecoverableCommit recoverable, Clock clock) {
    this.files = files;
    this.chunks = chunks;
    this.replicas = replicas;
    this.nodes = nodes;
    this.recoverable = recoverable;
    this.clock = clock;
  }

  /**
   * Records a file whose upload starts; invisible until {@link #commit}. Returns its id. Commits without waiting
   * for the disk, as {@link #recordChunk} does: {@link #commit}'s flush makes both durable.
   */
  @Transactional
  public UUID startUpload(UploadPlan plan) {
    recoverable.forThisTransaction();
    UUID id = UUID.randomUUID();
    files.save(BlobFile.startUpload(id, plan, clock.instant()));
    return id;
  }

  /** Records a chunk of an uploading file once its bytes are durable on the nodes {@code stored} names. */
  @Transactional
  public void recordChunk(UUID fileId, int index, long offset, StoredChunk stored) {
    recoverable.forThisTransaction();
    chunks.save(new Chunk(stored.handle(), fileId, index, offset, stored.size(), stored.version()));
    for (String nodeId : stored.nodeIds()) {
      replicas.save(Replica.stored(new ReplicaId(stored.handle(), nodeId), stored.version(), clock.instant()));
    }
  }

  /**
   * Makes an uploaded file visible, in one transaction, once every chunk is recorded; waits for the disk, so the
   * upload's earlier steps are durable too.
   */
  @Transactional
  public FileLayout commit(UUID fileId, long size, String sha256) {
    BlobFile file = files.findById(fileId)
        .orElseThrow(() -> new IllegalStateException("uploading file " + fileId + " has vanished"));
    long expected = new ChunkCutter(file.chunkSize()).chunkCount(size);
    long recorded = chunks.countByFileId(fileId);
    if (recorded != expected) {
      throw new IllegalStateException("file " + fileId + " of " + size + " bytes has " + recorded
          + " chunks recorded where " + expected + " are needed");
    }
    file.commit(size, sha256);
    return layoutOf(file);
  }

  /** Forgets an abandoned upload: the file row with its chunks and replicas. */
  @Transactional
  public void discard(UUID fileId) {
    files.deleteRow(fileId);
  }

  /** A committed file with its chunks and replicas; NOT_FOUND when there is none. */
  @Transactional(readOnly = true)
  public FileLayout committedLayout(UUID fileId) {
    return layoutOf(visibleFile(fileId));
  }

  /**
   * A committed file with only the chunks that hold its bytes {@code [offset, offset + length)} (length 0: to the
   * end; both clamped to the file) and their replicas; NOT_FOUND when there is none. A read of a few bytes of a
   * file of a thousand chunks so loads one chunk's rows, not the whole file's.
   */
  @Transactional(readOnly = true)
  public FileLayout committedLayout(UUID fileId, long offset, long length) {
    BlobFile file = visibleFile(fileId);
    long end = length == 0 ? file.size() : Math.min(file.size(), offset + length);
    if (offset >= end) {
      return layoutOf(file, List.of(), List.of());
    }
    ChunkCutter cutter = new ChunkCutter(file.chunkSize());
    int first = cutter.pieceAt(offset, 1).chunkIndex();
    int last = cutter.pieceAt(end - 1, 1).chunkIndex();
    // One query for chunks, replicas and their nodes: every split read of a job comes here.
    Map<UUID, Chunk> range = new LinkedHashMap<>();
    List<Replica> rangeReplicas = new ArrayList<>();
    Map<String, StorageNode> holders = new HashMap<>();
    for (Object[] row : chunks.findRangeWithReplicas(fileId, first, last)) {
      Chunk chunk = (Chunk) row[0];
      range.putIfAbsent(chunk.handle(), chunk);
      if (row[1] instanceof Replica replica && row[2] instanceof StorageNode holder) {
        rangeReplicas.add(replica);
        holders.putIfAbsent(holder.id(), holder);
      }
    }
    return layoutOf(file, List.copyOf(range.values()), rangeReplicas, holders);
  }

  /** Hides a committed file; NOT_FOUND when there is none (including when it is already deleted). */
  @Transactional
  public void delete(UUID fileId) {
    visibleFile(fileId).delete(clock.instant());
  }

  /**
   * Makes a deleted file visible again if it was deleted less than {@code retention} ago; a visible file is
   * answered unchanged, so a retried restore is harmless. NOT_FOUND otherwise, and for a file that is not
   * {@code owner}'s (empty owner: anyone's), so that another owner's ids cannot be probed.
   */
  @Transactional
  public FileLayout restore(UUID fileId, String owner, Duration retention) {
    BlobFile file = files.findById(fileId)
        .filter(f -> owner.isEmpty() || owner.equals(f.owner()))
        .orElseThrow(() -> StorageException.notFound("file " + fileId + " not found"));
    if (file.state() == FileState.DELETED) {
      if (!file.deletedAt().plus(retention).isAfter(clock.instant())) {
        throw StorageException.notFound("file " + fileId + " was deleted at " + file.deletedAt()
            + ", more than the retention of " + retention + " ago, and can no longer be restored");
      }
      file.restore();
    } else if (!file.isVisible()) {
      throw StorageException.notFound("file " + fileId + " not found");
    }
    return layoutOf(file);
  }

  /**
   * Gives a visible file of {@code owner} (empty: anyone's) the name {@code newName}: metadata only, under the
   * file row's lock, so a concurrent delete is neither undone nor lost. Renaming to the current name changes
   * nothing, so a repeat is harmless. INVALID_REQUEST for a bad name; NOT_FOUND for an unknown, uploading, deleted or
   * another owner's file, so that ids cannot be probed.
   */
  @Transactional
  public FileLayout rename(UUID fileId, String newName, String owner) {
    UploadRules.checkName(newName);
    BlobFile file = files.lockById(fileId)
        .filter(BlobFile::isVisible)
        .filter(f -> owner.isEmpty() || owner.equals(f.owner()))
        .orElseThrow(() -> StorageException.notFound("file " + fileId + " not found"));
    file.rename(newName);
    return layoutOf(file);
  }

  /** One page of visible files, newest first, of {@code owner} (empty: of everyone). */
  @Transactional(readOnly = true)
  public FilePage list(String owner, int page, int pageSize) {
    PageRequest request = PageRequest.of(page, pageSize,
        Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id")));
    Page<BlobFile> found = owner.isEmpty()
        ? files.findByState(FileState.COMMITTED, request)
        : files.findByStateAndOwner(FileState.COMMITTED, owner, request);
    return new FilePage(found.getContent().stream()
        .map(f -> new FileLayout(f.id(), f.name(), f.size(), f.sha256(), f.chunkSize(), f.replication(),
            f.owner(), f.createdAt(), List.of()))
        .toList(), found.getTotalElements());
  }

  /** A replica failed its checksums or has vanished: it must not serve reads again. */
  @Transactional
  public void markCorrupt(UUID handle, String nodeId) {
    replicas.findById(new ReplicaId(handle, nodeId)).ifPresent(Replica::markCorrupt);
  }

  /** A replica's node holds an older version than its chunk: it must not serve reads again. */
  @Transactional
  public void markStale(UUID handle, String nodeId) {
    replicas.findById(new ReplicaId(handle, nodeId)).ifPresent(Replica::markStale);
  }

  private BlobFile visibleFile(UUID fileId) {
    return files.findById(fileId).filter(BlobFile::isVisible)
        .orElseThrow(() -> StorageException.notFound("file " + fileId + " not found"));
  }

  private FileLayout layoutOf(BlobFile file) {
    return layoutOf(file, chunks.findByFileIdOrderByIndex(file.id()), replicas.findByFileId(file.id()));
  }

  private FileLayout layoutOf(BlobFile file, List<Chunk> fileChunks, List<Replica> fileReplicas) {
    Map<String, StorageNode> holders = nodes.findAllById(
            fileReplicas.stream().map(r -> r.id().nodeId()).distinct().toList()).stream()
        .collect(Collectors.toMap(StorageNode::id, Function.identity()));
    return layoutOf(file, fileChunks, fileReplicas, holders);
  }

  /** @param holders every node {@code fileReplicas} name, by id */
  private FileLayout layoutOf(BlobFile file, List<Chunk> fileChunks, List<Replica> fileReplicas,
      Map<String, StorageNode> holders) {
    Map<UUID, List<ReplicaLocation>> byChunk = fileReplicas.stream()
        .sorted(Comparator.comparing((Replica r) -> r.id().nodeId()))
        .collect(Collectors.groupingBy(r -> r.id().chunkHandle(), Collectors.mapping(r -> {
          StorageNode holder = holders.get(r.id().nodeId());
          return new ReplicaLocation(holder.id(), holder.address(), holder.zone(), r.state(), r.version(),
              holder.state().serves());
        }, Collectors.toList())));
    List<FileLayout.ChunkLayout> chunkLayouts = fileChunks.stream()
        .map(c -> new FileLayout.ChunkLayout(c.index(), c.handle(), c.offset(), c.size(), c.version(),
            byChunk.getOrDefault(c.handle(), List.of())))
        .toList();
    return new FileLayout(file.id(), file.name(), file.size(), file.sha256(), file.chunkSize(), file.replication(),
        file.owner(), file.createdAt(), chunkLayouts);
  }
}
