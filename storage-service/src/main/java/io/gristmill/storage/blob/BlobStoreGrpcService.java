package io.gristmill.storage.blob;

import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.DeleteFileRequest;
import io.gristmill.contracts.storage.v1.DeleteFileResponse;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import io.gristmill.storage.system.FlowControlledSender;
import io.gristmill.storage.system.GrpcStatuses;
import io.gristmill.storage.system.StorageException;
import io.gristmill.storage.system.StreamProducers;
import io.gristmill.storage.system.Uuids;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.MDC;
import org.springframework.grpc.server.service.GrpcService;

/** The blob store's public API. Thin: parse, call one method, map the answer; errors via {@link GrpcStatuses}. */
@GrpcService
class BlobStoreGrpcService extends BlobStoreGrpc.BlobStoreImplBase {

  private final Uploads uploads;
  private final FileCatalog catalog;
  private final FileReader reader;
  private final StreamProducers producers;

  BlobStoreGrpcService(Uploads uploads, FileCatalog catalog, FileReader reader, StreamProducers producers) {
    this.uploads = uploads;
    this.catalog = catalog;
    this.reader = reader;
    this.producers = producers;
  }

  @Override
  public StreamObserver<UploadRequest> upload(StreamObserver<UploadResponse> responseObserver) {
    return uploads.start(responseObserver);
  }

  @Override
  public void getFile(GetFileRequest request, StreamObserver<FileInfo> responseObserver) {
    try {
      FileLayout file = catalog.committedLayout(Uuids.parse(request.getFileId(), "file id"));
      responseObserver.onNext(FileInfos.toProto(file));
      responseObserver.onCompleted();
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcStatuses.toStatus(e));
    }
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
    try {
      catalog.delete(Uuids.parse(request.getFileId(), "file id"));
      responseObserver.onNext(DeleteFileResponse.getDefaultInstance());
      responseObserver.onCompleted();
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcStatuses.toStatus(e));
    }
  }
}
