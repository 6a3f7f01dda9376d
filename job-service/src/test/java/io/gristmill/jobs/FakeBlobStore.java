package io.gristmill.jobs;

import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.DeleteFileRequest;
import io.gristmill.contracts.storage.v1.DeleteFileResponse;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.RenameFileRequest;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A storage node that knows file metadata only, served in-process under {@link #NAME}. Enough for the job
 * service, which asks storage how a file is chunked, renames reduce outputs to commit them and deletes
 * intermediate files; it can be switched off to answer UNAVAILABLE, or made to lose the replies of renames it
 * performed. A rename of an id it was never told about takes the id for a reduce output a worker uploaded (most
 * tests report made-up output ids); a deleted id answers NOT_FOUND.
 */
public final class FakeBlobStore implements AutoCloseable {

  public static final String NAME = "fake-blob-store";

  private final Map<String, FileInfo> files = new ConcurrentHashMap<>();
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();
  private volatile boolean available = true;
  private volatile boolean renameRepliesLost;
  private final Server server;

  /** @param name the in-process server name it is reached under */
  public FakeBlobStore(String name) {
    try {
      server = InProcessServerBuilder.forName(name).addService(new Service()).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stores the metadata of a file of {@code size} bytes cut into chunks of {@code chunkSize}; returns its id. */
  public String addFile(String name, long size, long chunkSize) {
    return addFile(name, size, chunkSize, List.of());
  }

  /**
   * As {@link #addFile(String, long, long)}, chunk i having one LIVE replica on {@code hosts.get(i)} (port 9090)
   * when there is such an entry.
   */
  public String addFile(String name, long size, long chunkSize, List<String> hosts) {
    String id = UUID.randomUUID().toString();
    FileInfo.Builder file = FileInfo.newBuilder().setId(id).setName(name).setSize(size).setChunkSize(chunkSize);
    int index = 0;
    for (long offset = 0; offset < size; offset += chunkSize) {
      ChunkInfo.Builder chunk = ChunkInfo.newBuilder()
          .setIndex(index)
          .setHandle(id + "-" + index)
          .setOffset(offset)
          .setSize(Math.min(chunkSize, size - offset));
      if (index < hosts.size()) {
        chunk.addReplicas(ReplicaInfo.newBuilder().setNodeId("node-" + index).setAddress(hosts.get(index) + ":9090")
            .setState("LIVE"));
      }
      file.addChunks(chunk);
      index++;
    }
    files.put(id, file.build());
    return id;
  }

  /** Stores the metadata of a reduce output a worker uploaded as {@code name} (owner {@code system}); returns its id. */
  public String addOutput(String name) {
    String id = UUID.randomUUID().toString();
    files.put(id, FileInfo.newBuilder().setId(id).setName(name).setOwner("system").build());
    return id;
  }

  /** Stores the metadata of a jar with the given digest; returns its id. */
  public String addArtifact(String name, String sha256) {
    String id = UUID.randomUUID().toString();
    files.put(id, FileInfo.newBuilder().setId(id).setName(name).setSize(1).setSha256(sha256).build());
    return id;
  }

  /** The current name of a file the fake knows (added, or renamed through the API). */
  public String name(String fileId) {
    FileInfo file = files.get(fileId);
    if (file == null) {
      throw new AssertionError("storage knows no file " + fileId);
    }
    return file.getName();
  }

  /**
   * While true, renames are performed and then answered UNAVAILABLE, as when the reply is lost on its way (or the
   * caller's own transaction fails after the rename).
   */
  public void setRenameRepliesLost(boolean lost) {
    this.renameRepliesLost = lost;
  }

  /** Ids of the files deleted through the API, whether they were known or not. */
  public Set<String> deleted() {
    return Set.copyOf(deleted);
  }

  public void setAvailable(boolean available) {
    this.available = available;
  }

  public void reset() {
    files.clear();
    deleted.clear();
    available = true;
    renameRepliesLost = false;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private final class Service extends BlobStoreGrpc.BlobStoreImplBase {
    @Override
    public void getFile(GetFileRequest request, StreamObserver<FileInfo> responses) {
      if (!available) {
        responses.onError(Status.UNAVAILABLE.withDescription("storage node is down").asException());
        return;
      }
      FileInfo file = files.get(request.getFileId());
      if (file == null) {
        responses.onError(Status.NOT_FOUND.withDescription("file " + request.getFileId() + " not found")
            .asException());
        return;
      }
      responses.onNext(file);
      responses.onCompleted();
    }

    @Override
    public void renameFile(RenameFileRequest request, StreamObserver<FileInfo> responses) {
      if (!available) {
        responses.onError(Status.UNAVAILABLE.withDescription("storage node is down").asException());
        return;
      }
      String id = request.getFileId();
      FileInfo file = deleted.contains(id) ? null
          : files.getOrDefault(id, FileInfo.newBuilder().setId(id).setOwner("system").build());
      if (file == null || !(request.getOwner().isEmpty() || request.getOwner().equals(file.getOwner()))) {
        responses.onError(Status.NOT_FOUND.withDescription("file " + id + " not found").asException());
        return;
      }
      FileInfo renamed = file.toBuilder().setName(request.getNewName()).build();
      files.put(id, renamed);
      if (renameRepliesLost) {
        responses.onError(Status.UNAVAILABLE.withDescription("the reply was lost").asException());
        return;
      }
      responses.onNext(renamed);
      responses.onCompleted();
    }

    @Override
    public void deleteFile(DeleteFileRequest request, StreamObserver<DeleteFileResponse> responses) {
      deleted.add(request.getFileId());
      files.remove(request.getFileId());
      responses.onNext(DeleteFileResponse.getDefaultInstance());
      responses.onCompleted();
    }
  }
}
