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
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A blob store in memory, for module tests: the real one is another service. Reads come in 1 KiB messages. */
public final class FakeBlobStore extends BlobStoreGrpc.BlobStoreImplBase {

  private static final int READ_MESSAGE_BYTES = 1024;

  /** A stored file. */
  public record StoredFile(UploadHeader header, byte[] content) {}

  private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();

  /**
   * Holds reads of one file after their first message until {@link Gate#open}: a task reading it is caught in
   * the middle of its input, deterministically.
   */
  public static final class Gate {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);

    /** Waits until a read has sent its first message and is being held. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
      return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void open() {
      opened.countDown();
    }

    private void hold() {
      reached.countDown();
      try {
        opened.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public Gate gate(String fileId) {
    return gates.computeIfAbsent(fileId, id -> new Gate());
  }

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
    Gate gate = gates.get(request.getFileId());
    for (int at = (int) request.getOffset(); at < end; at += READ_MESSAGE_BYTES) {
      if (gate != null && at > request.getOffset()) {
        gate.hold();
      }
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
