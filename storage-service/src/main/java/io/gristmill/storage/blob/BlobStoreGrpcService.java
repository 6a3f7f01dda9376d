package io.gristmill.storage.blob;

import com.google.protobuf.Timestamp;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.DecommissionNodeRequest;
import io.gristmill.contracts.storage.v1.DeleteFileRequest;
import io.gristmill.contracts.storage.v1.DescribeLocalStoreRequest;
import io.gristmill.contracts.storage.v1.DescribeLocalStoreResponse;
import io.gristmill.contracts.storage.v1.DeleteFileResponse;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ListFilesRequest;
import io.gristmill.contracts.storage.v1.ListFilesResponse;
import io.gristmill.contracts.storage.v1.ListNodesRequest;
import io.gristmill.contracts.storage.v1.ListNodesResponse;
import io.gristmill.contracts.storage.v1.NodeInfo;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.RenameFileRequest;
import io.gristmill.contracts.storage.v1.RestoreFileRequest;
import io.gristmill.contracts.storage.v1.StorageHealth;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.chunk.LocalChunkStore;
import io.gristmill.storage.chunkfile.ChunkFileFormat;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.storage.node.NodeOverview;
import io.gristmill.storage.system.DataMessageMarshaller;
import io.gristmill.storage.system.FlowControlledSender;
import io.gristmill.storage.system.GrpcStatuses;
import io.gristmill.storage.system.StorageException;
import io.gristmill.storage.system.StreamProducers;
import io.gristmill.storage.system.Uuids;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.grpc.server.service.GrpcService;

/** The blob store's public API. Thin: parse, call one method, map the answer; errors via {@link GrpcStatuses}. */
@GrpcService
class BlobStoreGrpcService implements BlobStoreGrpc.AsyncService, BindableService {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  /** Upload messages are parsed with one copy of their data instead of two. */
  private static final DataMessageMarshaller<UploadRequest> UPLOADS = new DataMessageMarshaller<>(
      BlobStoreGrpc.getUploadMethod(), data -> UploadRequest.newBuilder().setData(data).build());

  private final Uploads uploads;
  private final FileCatalog catalog;
  private final FileReader reader;
  private final StreamProducers producers;
  private final NodeOverview overview;
  private final Duration retention;
  private final DescribeLocalStoreResponse localStore;

  BlobStoreGrpcService(Uploads uploads, FileCatalog catalog, FileReader reader, StreamProducers producers,
      NodeOverview overview, StorageProperties properties, LocalNode node, LocalChunkStore chunks) {
    this.uploads = uploads;
    this.catalog = catalog;
    this.reader = reader;
    this.producers = producers;
    this.overview = overview;
    this.retention = properties.deletion().retention();
    this.localStore = DescribeLocalStoreResponse.newBuilder()
        .setNodeId(node.id())
        .setChunkDirectory(chunks.directory().toString())
        .setNodeIdFile(node.idFile().toString())
        .setChecksumBlockBytes(ChunkFileFormat.BLOCK_SIZE)
        .build();
  }

  @Override
  public StreamObserver<UploadRequest> upload(StreamObserver<UploadResponse> responseObserver) {
    return uploads.start(responseObserver);
  }

  @Override
  public ServerServiceDefinition bindService() {
    return UPLOADS.bindTo(BlobStoreGrpc.bindService(this));
  }

  @Override
  public void getFile(GetFileRequest request, StreamObserver<FileInfo> responseObserver) {
    answer(responseObserver, () -> {
      UUID fileId = Uuids.parse(request.getFileId(), "file id");
      if (request.getRangeOffset() < 0 || request.getRangeLength() < 0) {
        throw StorageException.invalidRequest("range offset and length must not be negative");
      }
      return FileInfos.toProto(request.getRangeLength() > 0
          ? catalog.committedLayout(fileId, request.getRangeOffset(), request.getRangeLength())
          : catalog.committedLayout(fileId));
    });
  }

  @Override
  public void describeLocalStore(DescribeLocalStoreRequest request,
      StreamObserver<DescribeLocalStoreResponse> responseObserver) {
    answer(responseObserver, () -> localStore);
  }

  @Override
  public void read(ReadRequest request, StreamObserver<ReadResponse> responseObserver) {
    FlowControlledSender<ReadResponse> sender =
        new FlowControlledSender<>((ServerCallStreamObserver<ReadResponse>) responseObserver);
    FileReader.Range range;
    try {
      range = reader.range(Uuids.parse(request.getFileId(), "file id"), request.getOffset(), request.getLength());
    } catch (RuntimeException e) {
      sender.fail(e);
      return;
    }
    producers.start(() -> {
      try (var fileInLogs = MDC.putCloseable("fileId", request.getFileId())) {
        reader.read(range, piece -> sender.send(ReadResponse.newBuilder().setData(piece).build()));
        sender.complete();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        sender.fail(StorageException.unavailable("the storage node is shutting down", e));
      } catch (RuntimeException e) {
        sender.fail(e);
      }
    });
  }

  @Override
  public void deleteFile(DeleteFileRequest request, StreamObserver<DeleteFileResponse> responseObserver) {
    answer(responseObserver, () -> {
      catalog.delete(Uuids.parse(request.getFileId(), "file id"));
      return DeleteFileResponse.getDefaultInstance();
    });
  }

  @Override
  public void restoreFile(RestoreFileRequest request, StreamObserver<FileInfo> responseObserver) {
    answer(responseObserver, () -> FileInfos.toProto(
        catalog.restore(Uuids.parse(request.getFileId(), "file id"), request.getOwner(), retention)));
  }

  @Override
  public void renameFile(RenameFileRequest request, StreamObserver<FileInfo> responseObserver) {
    answer(responseObserver, () -> FileInfos.toProto(catalog.rename(
        Uuids.parse(request.getFileId(), "file id"), request.getNewName(), request.getOwner())));
  }

  @Override
  public void listFiles(ListFilesRequest request, StreamObserver<ListFilesResponse> responseObserver) {
    answer(responseObserver, () -> {
      if (request.getPage() < 0) {
        throw StorageException.invalidRequest("page must not be negative; was " + request.getPage());
      }
      int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
      if (size < 1 || size > MAX_PAGE_SIZE) {
        throw StorageException.invalidRequest("page size " + request.getPageSize()
            + " is outside the allowed range [1, " + MAX_PAGE_SIZE + "]");
      }
      FilePage page = catalog.list(request.getOwner(), request.getPage(), size);
      ListFilesResponse.Builder response = ListFilesResponse.newBuilder().setTotalCount(page.totalCount());
      page.files().forEach(f -> response.addFiles(FileInfos.toProto(f)));
      return response.build();
    });
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> responseObserver) {
    answer(responseObserver, () -> {
      ListNodesResponse.Builder response = ListNodesResponse.newBuilder();
      overview.nodes().forEach(n -> response.addNodes(toProto(n)));
      NodeOverview.Health health = overview.health();
      return response.setHealth(StorageHealth.newBuilder()
          .setUnderReplicatedChunks(health.underReplicatedChunks())
          .setCorruptReplicas(health.corruptReplicas())
          .setStaleReplicas(health.staleReplicas())
          .setGcBacklogChunks(health.gcBacklogChunks())).build();
    });
  }

  @Override
  public void decommissionNode(DecommissionNodeRequest request, StreamObserver<NodeInfo> responseObserver) {
    answer(responseObserver, () -> toProto(overview.decommission(request.getNodeId())));
  }

  private static NodeInfo toProto(NodeOverview.NodeView node) {
    return NodeInfo.newBuilder()
        .setId(node.id())
        .setAddress(node.address())
        .setZone(node.zone())
        .setCapacityBytes(node.capacityBytes())
        .setUsedBytes(node.usedBytes())
        .setChunkCount(node.chunkCount())
        .setState(node.state().name())
        .setLastHeartbeat(Timestamp.newBuilder()
            .setSeconds(node.lastHeartbeat().getEpochSecond()).setNanos(node.lastHeartbeat().getNano()))
        .build();
  }

  /** Answers a unary call with one message or the failure's status. */
  private static <T> void answer(StreamObserver<T> responses, Supplier<T> call) {
    T reply;
    try {
      reply = call.get();
    } catch (RuntimeException e) {
      responses.onError(GrpcStatuses.toStatus(e));
      return;
    }
    responses.onNext(reply);
    responses.onCompleted();
  }
}
