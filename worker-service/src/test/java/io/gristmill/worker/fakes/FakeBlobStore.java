package io.gristmill.worker.fakes;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.DeleteFileRequest;
import io.gristmill.contracts.storage.v1.DeleteFileResponse;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A blob store in memory, for module tests: the real one is another service. Reads come in 1 KiB messages. */
public final class FakeBlobStore extends BlobStoreGrpc.BlobStoreImplBase {

  private static final int READ_MESSAGE_BYTES = 1024;

  /** A stored file. */
  public record StoredFile(UploadHeader header, byte[] content) {}

  private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

  public String put(String name, byte[] content) {
    String id = UUID.randomUUID().toString();
    files.put(id, new StoredFile(UploadHeader.newBuilder().setName(name).setOwner("test").build(), content));
    return id;
  }

  public StoredFile file(String id) {
    return files.get(id);
  }

  public boolean contains(String id) {
    return files.containsKey(id);
  }

  @Override
  public StreamObserver<UploadRequest> upload(StreamObserver<UploadResponse> responses) {
    return new StreamObserver<>() {
      private UploadHeader header;
      private final ByteArrayOutputStream content = new ByteArrayOutputStream();

      @Override
      public void onNext(UploadRequest request) {
        if (request.hasHeader()) {
          header = request.getHeader();
        } else {
          content.writeBytes(request.getData().toByteArray());
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        String id = UUID.randomUUID().toString();
        files.put(id, new StoredFile(header, content.toByteArray()));
        responses.onNext(UploadResponse.newBuilder()
            .setFile(FileInfo.newBuilder().setId(id).setName(header.getName()).setSize(content.size()))
            .build());
        responses.onCompleted();
      }
    };
  }

  @Override
  public void read(ReadRequest request, StreamObserver<ReadResponse> responses) {
    StoredFile file = files.get(request.getFileId());
    if (file == null) {
      responses.onError(Status.NOT_FOUND.withDescription("no file " + request.getFileId()).asRuntimeException());
      return;
    }
    byte[] bytes = file.content();
    if (request.getOffset() > bytes.length) {
      responses.onError(Status.OUT_OF_RANGE.withDescription("offset past the end").asRuntimeException());
      return;
    }
    int end = request.getLength() == 0
        ? bytes.length : (int) Math.min(bytes.length, request.getOffset() + request.getLength());
    for (int at = (int) request.getOffset(); at < end; at += READ_MESSAGE_BYTES) {
      responses.onNext(ReadResponse.newBuilder()
          .setData(ByteString.copyFrom(bytes, at, Math.min(READ_MESSAGE_BYTES, end - at)))
          .build());
    }
    responses.onCompleted();
  }

  @Override
  public void getFile(GetFileRequest request, StreamObserver<FileInfo> responses) {
    StoredFile file = files.get(request.getFileId());
    if (file == null) {
      responses.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    responses.onNext(FileInfo.newBuilder().setId(request.getFileId()).setName(file.header().getName())
        .setSize(file.content().length).setOwner(file.header().getOwner()).build());
    responses.onCompleted();
  }

  @Override
  public void deleteFile(DeleteFileRequest request, StreamObserver<DeleteFileResponse> responses) {
    if (files.remove(request.getFileId()) == null) {
      responses.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    responses.onNext(DeleteFileResponse.getDefaultInstance());
    responses.onCompleted();
  }
}
