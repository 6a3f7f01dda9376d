package io.gristmill.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.DecommissionNodeRequest;
import io.gristmill.contracts.storage.v1.DeleteFileRequest;
import io.gristmill.contracts.storage.v1.DeleteFileResponse;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.ListFilesRequest;
import io.gristmill.contracts.storage.v1.ListFilesResponse;
import io.gristmill.contracts.storage.v1.ListNodesRequest;
import io.gristmill.contracts.storage.v1.ListNodesResponse;
import io.gristmill.contracts.storage.v1.NodeInfo;
import io.gristmill.contracts.storage.v1.RestoreFileRequest;
import io.gristmill.contracts.storage.v1.StorageHealth;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import io.gristmill.contracts.storage.v1.DescribeLocalStoreRequest;
import io.gristmill.contracts.storage.v1.DescribeLocalStoreResponse;
import io.gristmill.storage.chunkfile.ChunkFileFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
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
  private final Map<String, FileInfo> deleted = new ConcurrentHashMap<>();
  private final Map<String, String> nodeStates = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  /** Node-a's chunk directory, on this host's disk: what short-circuit downloads read. */
  private final Path chunkDirectory;
  private final Path nodeIdFile;

  public FakeBlobStore() {
    try {
      Path root = Files.createTempDirectory("fake-node-a");
      chunkDirectory = Files.createDirectory(root.resolve("chunks"));
      nodeIdFile = Files.writeString(root.resolve("node-id"), "node-a");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reset();
  }

  public void reset() {
    contents.clear();
    files.clear();
    nextId.set(0);
    bytesOfUploadInProgress.set(0);
    abandonedUploads.set(0);
    nodeLimit = Long.MAX_VALUE;
    brokenAfterFirstMessage.clear();
    deleted.clear();
    nodeStates.clear();
    nodeStates.put("node-a", "LIVE");
    nodeStates.put("node-b", "DEAD");
    reads.set(0);
    // Ids start again at file-1: a chunk file left by an earlier test would pass for the new file's.
    try (Stream<Path> files = Files.list(chunkDirectory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Read calls answered since the last reset. */
  public int reads() {
    return reads.get();
  }

  /**
   * Writes the file's chunks into node-a's chunk directory as a storage node lays them out, so that a gateway on
   * this host reads them there instead of calling Read.
   */
  public void storeOnThisHost(String id) throws IOException {
    byte[] content = contents.get(id);
    for (ChunkInfo chunk : files.get(id).getChunksList()) {
      byte[] bytes = Arrays.copyOfRange(content, (int) chunk.getOffset(), (int) (chunk.getOffset() + chunk.getSize()));
      ByteBuffer table =
          ByteBuffer.allocate((int) ChunkFileFormat.blockCount(bytes.length) * ChunkFileFormat.ENTRY_BYTES);
      for (int from = 0; from < bytes.length; from += ChunkFileFormat.BLOCK_SIZE) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, Math.min(ChunkFileFormat.BLOCK_SIZE, bytes.length - from));
        table.putInt((int) crc.getValue());
      }
      Files.write(chunkDirectory.resolve(ChunkFileFormat.dataFileName(chunk.getHandle())), bytes);
      Files.write(chunkDirectory.resolve(ChunkFileFormat.checksumFileName(chunk.getHandle())), table.array());
      Files.writeString(chunkDirectory.resolve(ChunkFileFormat.versionFileName(chunk.getHandle())),
          Long.toString(chunk.getVersion()));
    }
  }

  /** Flips one byte of chunk {@code index}'s copy on this host, so that its block no longer matches its checksum. */
  public void corruptOnThisHost(String id, int index, int offsetInChunk) throws IOException {
    Path data = chunkDirectory.resolve(ChunkFileFormat.dataFileName(files.get(id).getChunks(index).getHandle()));
    byte[] bytes = Files.readAllBytes(data);
    bytes[offsetInChunk] ^= 1;
    Files.write(data, bytes);
  }

  /** Stores a file of {@code owner} directly and returns its id. */
  public String put(String name, String owner, byte[] content) {
    String id = "file-" + nextId.incrementAndGet();
    commit(id, UploadHeader.newBuilder().setName(name).setOwner(owner).build(), content);
    return id;
  }

  /** Reads of this file fail with DATA_LOSS after their first message, like a file whose later chunks are lost. */
  public void breakAfterFirstMessage(String id) {
    brokenAfterFirstMessage.add(id);
  }

  /** Stores a file directly, as a job would, and returns its id. */
  public String put(String name, byte[] content) {
    return put(name, "system", content);
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
    reads.incrementAndGet();
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

  /** Node-a's chunk files are on this host's disk, as on a one-machine platform. */
  @Override
  public void describeLocalStore(DescribeLocalStoreRequest request,
      StreamObserver<DescribeLocalStoreResponse> responses) {
    responses.onNext(DescribeLocalStoreResponse.newBuilder().setNodeId("node-a")
        .setChunkDirectory(chunkDirectory.toString()).setNodeIdFile(nodeIdFile.toString())
        .setChecksumBlockBytes(ChunkFileFormat.BLOCK_SIZE).build());
    responses.onCompleted();
  }

  @Override
  public void deleteFile(DeleteFileRequest request, StreamObserver<DeleteFileResponse> responses) {
    FileInfo file = files.remove(request.getFileId());
    if (file == null) {
      responses.onError(Status.NOT_FOUND.withDescription("no file " + request.getFileId()).asRuntimeException());
      return;
    }
    deleted.put(file.getId(), file);
    responses.onNext(DeleteFileResponse.getDefaultInstance());
    responses.onCompleted();
  }

  @Override
  public void restoreFile(RestoreFileRequest request, StreamObserver<FileInfo> responses) {
    FileInfo file = deleted.remove(request.getFileId());
    if (file != null) {
      files.put(file.getId(), file);
    } else {
      file = files.get(request.getFileId());
    }
    if (file == null) {
      responses.onError(Status.NOT_FOUND.withDescription("no file " + request.getFileId()).asRuntimeException());
      return;
    }
    responses.onNext(file);
    responses.onCompleted();
  }

  /** Newest (highest id) first, like the real store's newest-first order. */
  @Override
  public void listFiles(ListFilesRequest request, StreamObserver<ListFilesResponse> responses) {
    List<FileInfo> matching = files.values().stream()
        .filter(f -> request.getOwner().isEmpty() || f.getOwner().equals(request.getOwner()))
        .sorted(Comparator.comparingInt((FileInfo f) -> Integer.parseInt(f.getId().substring(5))).reversed())
        .toList();
    int size = request.getPageSize();
    responses.onNext(ListFilesResponse.newBuilder()
        .addAllFiles(matching.stream().skip((long) request.getPage() * size).limit(size)
            .map(f -> f.toBuilder().clearChunks().build()).toList())
        .setTotalCount(matching.size()).build());
    responses.onCompleted();
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> responses) {
    responses.onNext(ListNodesResponse.newBuilder()
        .addNodes(node("node-a"))
        .addNodes(node("node-b"))
        .setHealth(StorageHealth.newBuilder().setUnderReplicatedChunks(4).setCorruptReplicas(1)
            .setStaleReplicas(2).setGcBacklogChunks(7))
        .build());
    responses.onCompleted();
  }

  @Override
  public void decommissionNode(DecommissionNodeRequest request, StreamObserver<NodeInfo> responses) {
    String state = nodeStates.get(request.getNodeId());
    if (state == null) {
      responses.onError(Status.NOT_FOUND.withDescription("storage node '" + request.getNodeId() + "' not found")
          .asRuntimeException());
      return;
    }
    if (state.equals("DEAD")) {
      responses.onError(Status.FAILED_PRECONDITION.withDescription("storage node '" + request.getNodeId()
          + "' is DEAD; only a LIVE node can be drained").asRuntimeException());
      return;
    }
    nodeStates.put(request.getNodeId(), "DECOMMISSIONING");
    responses.onNext(node(request.getNodeId()));
    responses.onCompleted();
  }

  private NodeInfo node(String id) {
    boolean a = id.equals("node-a");
    return NodeInfo.newBuilder().setId(id).setAddress(a ? "10.0.0.1:9090" : "10.0.0.2:9090")
        .setZone(a ? "zone-a" : "zone-b").setCapacityBytes(a ? 1000 : 2000).setUsedBytes(a ? 100 : 0)
        .setChunkCount(a ? 12 : 0).setState(nodeStates.get(id))
        .setLastHeartbeat(Timestamp.newBuilder().setSeconds(CREATED_AT.getEpochSecond())
            .setNanos(CREATED_AT.getNano()))
        .build();
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
