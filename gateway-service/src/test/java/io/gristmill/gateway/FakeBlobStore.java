package io.gristmill.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A storage node held in memory: one replica per chunk on a fixed node, a fixed creation time. */
public final class FakeBlobStore extends BlobStoreGrpc.BlobStoreImplBase {

  public static final Instant CREATED_AT = Instant.parse("2025-01-02T03:04:05.600Z");
  static final long DEFAULT_CHUNK_SIZE = 8L << 20;
  private static final int READ_MESSAGE_BYTES = 1 << 20;

  private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
  private final Map<String, FileInfo> files = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private final AtomicLong bytesOfUploadInProgress = new AtomicLong();
  private final AtomicInteger abandonedUploads = new AtomicInteger();
  private volatile long nodeLimit = Long.MAX_VALUE;
  private final Set<String> brokenAfterFirstMessage = ConcurrentHashMap.newKeySet();

  public void reset() {
    contents.clear();
    files.clear();
    nextId.set(0);
    bytesOfUploadInProgress.set(0);
    abandonedUploads.set(0);
    nodeLimit = Long.MAX_VALUE;
    brokenAfterFirstMessage.clear();
  }

  /** Reads of this file fail with DATA_LOSS after their first message, like a file whose later chunks are lost. */
  public void breakAfterFirstMessage(String id) {
    brokenAfterFirstMessage.add(id);
  }

  /** Stores a file directly, as a job would, and returns its id. */
  public String put(String name, byte[] content) {
    return put(name, "system", content);
  }

  /** Stores a file owned by {@code owner} and returns its id. */
  public String put(String name, String owner, byte[] content) {
    String id = "file-" + nextId.incrementAndGet();
    commit(id, UploadHeader.newBuilder().setName(name).setOwner(owner).build(), content);
    return id;
  }

  public byte[] content(String id) {
    return contents.get(id);
  }

  public int fileCount() {
    return files.size();
  }

  public long bytesOfUploadInProgress() {
    return bytesOfUploadInProgress.get();
  }

  public int abandonedUploads() {
    return abandonedUploads.get();
  }

  /** Like a node's own file size limit: larger uploads fail with RESOURCE_EXHAUSTED. */
  public void limitFileSize(long bytes) {
    nodeLimit = bytes;
  }

  @Override
  public StreamObserver<UploadRequest> upload(StreamObserver<UploadResponse> responses) {
    bytesOfUploadInProgress.set(0);
    return new StreamObserver<>() {
      private UploadHeader header;
      private final ByteArrayOutputStream received = new ByteArrayOutputStream();
      private boolean failed;

      @Override
      public void onNext(UploadRequest request) {
        if (failed) {
          return;
        }
        if (request.hasHeader()) {
          header = request.getHeader();
          return;
        }
        received.writeBytes(request.getData().toByteArray());
        bytesOfUploadInProgress.addAndGet(request.getData().size());
        if (received.size() > nodeLimit) {
          failed = true;
          responses.onError(Status.RESOURCE_EXHAUSTED
              .withDescription("file larger than the node limit of " + nodeLimit + " bytes").asRuntimeException());
        }
      }

      @Override
      public void onError(Throwable t) {
        abandonedUploads.incrementAndGet();
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        String id = "file-" + nextId.incrementAndGet();
        responses.onNext(UploadResponse.newBuilder().setFile(commit(id, header, received.toByteArray())).build());
        responses.onCompleted();
      }
    };
  }

  @Override
  public void getFile(GetFileRequest request, StreamObserver<FileInfo> responses) {
    FileInfo file = files.get(request.getFileId());
    if (file == null) {
      responses.onError(Status.NOT_FOUND.withDescription("no file " + request.getFileId()).asRuntimeException());
      return;
    }
    responses.onNext(file);
    responses.onCompleted();
  }

  @Override
  public void read(ReadRequest request, StreamObserver<ReadResponse> responses) {
    byte[] content = contents.get(request.getFileId());
    if (content == null) {
      responses.onError(Status.NOT_FOUND.withDescription("no file " + request.getFileId()).asRuntimeException());
      return;
    }
    long end = request.getLength() == 0 ? content.length : request.getOffset() + request.getLength();
    for (long at = request.getOffset(); at < end; at += READ_MESSAGE_BYTES) {
      int n = (int) Math.min(READ_MESSAGE_BYTES, end - at);
      responses.onNext(ReadResponse.newBuilder().setData(ByteString.copyFrom(content, (int) at, n)).build());
      if (brokenAfterFirstMessage.contains(request.getFileId())) {
        responses.onError(Status.DATA_LOSS.withDescription("no intact replica").asRuntimeException());
        return;
      }
    }
    responses.onCompleted();
  }

  private FileInfo commit(String id, UploadHeader header, byte[] content) {
    long chunkSize = header.getChunkSize() == 0 ? DEFAULT_CHUNK_SIZE : header.getChunkSize();
    FileInfo.Builder file = FileInfo.newBuilder()
        .setId(id)
        .setName(header.getName())
        .setSize(content.length)
        .setSha256(sha256(content))
        .setChunkSize(chunkSize)
        .setReplication(header.getReplication() == 0 ? 3 : header.getReplication())
        .setOwner(header.getOwner())
        .setCreatedAt(Timestamp.newBuilder()
            .setSeconds(CREATED_AT.getEpochSecond()).setNanos(CREATED_AT.getNano()));
    for (long offset = 0, index = 0; offset < content.length; offset += chunkSize, index++) {
      file.addChunks(ChunkInfo.newBuilder()
          .setIndex((int) index)
          .setHandle(id + "-" + index)
          .setOffset(offset)
          .setSize(Math.min(chunkSize, content.length - offset))
          .setVersion(1)
          .addReplicas(ReplicaInfo.newBuilder()
              .setNodeId("node-a").setAddress("10.0.0.1:9090").setZone("zone-a").setState("LIVE")));
    }
    FileInfo info = file.build();
    contents.put(id, content);
    files.put(id, info);
    return info;
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
