package io.gristmill.storage.client;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.DecommissionNodeRequest;
import io.gristmill.contracts.storage.v1.DeleteFileRequest;
import io.gristmill.contracts.storage.v1.DescribeLocalStoreRequest;
import io.gristmill.contracts.storage.v1.DescribeLocalStoreResponse;
import io.gristmill.contracts.storage.v1.ListFilesRequest;
import io.gristmill.contracts.storage.v1.ListFilesResponse;
import io.gristmill.contracts.storage.v1.ListNodesRequest;
import io.gristmill.contracts.storage.v1.ListNodesResponse;
import io.gristmill.contracts.storage.v1.NodeInfo;
import io.gristmill.contracts.storage.v1.RenameFileRequest;
import io.gristmill.contracts.storage.v1.RestoreFileRequest;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Client of the blob store used by the gateway and the workers. It knows several storage nodes, each of which
 * serves the whole API; calls start at the next node in turn and idempotent ones move on to the following node
 * when one is unavailable.
 */
public final class BlobStoreClient {

  /** Bytes per upload message: large enough to amortise per-message cost, small enough for gRPC's 4 MiB limit. */
  static final int UPLOAD_MESSAGE_BYTES = 1 << 20;

  /**
   * Bytes of an upload queued toward the node before the next message waits: a few messages, so the next one is
   * read while the last ones are on the wire; gRPC's default of 32 KiB held each message until the one before had
   * left. Bounded per upload.
   */
  static final int UPLOAD_QUEUED_BYTES = 4 * UPLOAD_MESSAGE_BYTES;

  private final List<Channel> nodes;
  private final Timeouts timeouts;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param nodes channels to storage nodes, at least one
   * @param timeouts deadlines for the calls
   */
  public BlobStoreClient(List<? extends Channel> nodes, Timeouts timeouts) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one storage node is needed");
    }
    this.nodes = List.copyOf(nodes);
    this.timeouts = timeouts;
  }

  /**
   * Deadlines. {@code call} bounds metadata calls; {@code transfer} bounds a whole upload or read stream, so
   * it must allow for the largest file at the slowest expected rate.
   */
  public record Timeouts(Duration call, Duration transfer) {
    public static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(10), Duration.ofHours(1));
    }
  }

  /**
   * Streams {@code content} to one storage node as a new file, respecting gRPC flow control so that memory
   * stays bounded whatever the size. A node that is UNAVAILABLE before the stream opens (down, restarting, or its
   * channel still backing off after an outage) is passed over for the next one, since nothing of {@code content}
   * has been read yet; once bytes are sent the upload is not retried, as the stream cannot be replayed. Throws the
   * node's {@link StatusRuntimeException} (for example INVALID_ARGUMENT for a bad name) or {@link IOException}
   * when {@code content} fails, in which case the upload is cancelled and leaves no file.
   */
  public FileInfo upload(UploadHeader header, InputStream content) throws IOException {
    int start = next.getAndIncrement();
    UploadCall call = null;
    for (int i = 0; call == null; i++) {
      Channel channel = nodes.get(Math.floorMod(start + i, nodes.size()));
      UploadCall attempt = new UploadCall();
      BlobStoreGrpc.newStub(channel).withDeadlineAfter(timeouts.transfer().toMillis(), TimeUnit.MILLISECONDS)
          .withOnReadyThreshold(UPLOAD_QUEUED_BYTES)
          .upload(attempt);
      try {
        attempt.awaitReady();
        call = attempt;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || i + 1 >= nodes.size()) {
          throw e;
        }
      } catch (InterruptedException e) {
        attempt.requests().cancel("interrupted", e);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("upload interrupted");
      }
    }
    ClientCallStreamObserver<UploadRequest> out = call.requests();
    try {
      out.onNext(UploadRequest.newBuilder().setHeader(header).build());
      while (true) {
        // A fresh array per message, handed to the message without a copy: nothing writes to it afterwards.
        byte[] buffer = new byte[UPLOAD_MESSAGE_BYTES];
        int n = content.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
          break;
        }
        call.awaitReady();
        out.onNext(UploadRequest.newBuilder().setData(UnsafeByteOperations.unsafeWrap(buffer, 0, n)).build());
      }
      out.onCompleted();
    } catch (IOException | RuntimeException e) {
      out.cancel("upload source failed", e);
      throw e;
    } catch (InterruptedException e) {
      out.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("upload interrupted");
    }
    return call.response().getFile();
  }

  /**
   * Metadata of a committed file listing only the chunks that hold bytes of {@code [offset, offset + length)}
   * ({@code length} at least 1); NOT_FOUND as {@link StatusRuntimeException} when there is none.
   */
  public FileInfo getFileRange(String fileId, long offset, long length) {
    return withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .getFile(GetFileRequest.newBuilder().setFileId(fileId).setRangeOffset(offset).setRangeLength(length).build()));
  }

  /** Metadata of a committed file; NOT_FOUND as {@link StatusRuntimeException} when there is none. */
  public FileInfo getFile(String fileId) {
    return withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .getFile(GetFileRequest.newBuilder().setFileId(fileId).build()));
  }

  /** Hides a file. NOT_FOUND when there is none. */
  public void delete(String fileId) {
    withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .deleteFile(DeleteFileRequest.newBuilder().setFileId(fileId).build()));
  }

  /**
   * Makes a deleted file of {@code owner} (empty: of anyone) visible again within the retention. NOT_FOUND when
   * there is none to restore.
   */
  public FileInfo restore(String fileId, String owner) {
    return withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .restoreFile(RestoreFileRequest.newBuilder().setFileId(fileId).setOwner(owner).build()));
  }

  /**
   * Gives a visible file of {@code owner} (empty: of anyone) the name {@code newName}. Idempotent (renaming to the
   * current name answers the file unchanged), so the client's fail-over to another node on UNAVAILABLE is safe.
   * NOT_FOUND when there is no such file; INVALID_ARGUMENT for a bad name.
   */
  public FileInfo rename(String fileId, String newName, String owner) {
    return withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .renameFile(RenameFileRequest.newBuilder().setFileId(fileId).setNewName(newName).setOwner(owner).build()));
  }

  /** One page of visible files, newest first, of {@code owner} (empty: everyone's). */
  public ListFilesResponse listFiles(String owner, int page, int pageSize) {
    return withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .listFiles(ListFilesRequest.newBuilder().setOwner(owner).setPage(page).setPageSize(pageSize).build()));
  }

  /** The storage nodes and the store's health. */
  public ListNodesResponse listNodes() {
    return withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .listNodes(ListNodesRequest.getDefaultInstance()));
  }

  /** Starts draining a node; safe to repeat. */
  public NodeInfo decommission(String nodeId) {
    return withFailover(channel -> BlobStoreGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .decommissionNode(DecommissionNodeRequest.newBuilder().setNodeId(nodeId).build()));
  }

  /**
   * Asks every node where it keeps its chunk files ({@code DescribeLocalStore}), for short-circuit reads. The
   * answer has one entry per node in the order the client knows them: empty for a node that could not answer
   * (unreachable, or too old to know the call), so the caller may ask again later.
   */
  public List<Optional<DescribeLocalStoreResponse>> describeLocalStores() {
    List<Optional<DescribeLocalStoreResponse>> answers = new ArrayList<>();
    for (Channel channel : nodes) {
      try {
        answers.add(Optional.of(BlobStoreGrpc.newBlockingStub(channel)
            .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
            .describeLocalStore(DescribeLocalStoreRequest.getDefaultInstance())));
      } catch (StatusRuntimeException e) {
        answers.add(Optional.empty());
      }
    }
    return answers;
  }

  /**
   * Opens {@code length} bytes of a file from {@code offset} (length 0: to the end) as a stream. The first
   * message is awaited here, so a missing file or bad offset fails now, as {@link StatusRuntimeException}; later
   * failures surface from {@code read} as {@link IOException}. Closing early cancels the call.
   */
  public InputStream open(String fileId, long offset, long length) {
    ReadRequest request = ReadRequest.newBuilder().setFileId(fileId).setOffset(offset).setLength(length).build();
    return withFailover(channel -> {
      Context.CancellableContext context = Context.current().withCancellation();
      Context previous = context.attach();
      try {
        Iterator<ReadResponse> responses = BlobStoreGrpc.newBlockingStub(channel)
            .withDeadlineAfter(timeouts.transfer().toMillis(), TimeUnit.MILLISECONDS)
            .read(request);
        ResponseStream stream = new ResponseStream(responses, context);
        stream.prefetch();
        return stream;
      } catch (RuntimeException e) {
        context.cancel(e);
        throw e;
      } finally {
        context.detach(previous);
      }
    });
  }

  private <T> T withFailover(Function<Channel, T> call) {
    int start = next.getAndIncrement();
    StatusRuntimeException last = null;
    for (int i = 0; i < nodes.size(); i++) {
      try {
        return call.apply(nodes.get(Math.floorMod(start + i, nodes.size())));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /** Bridges gRPC's asynchronous, flow-controlled client stream to a writing thread. */
  private static final class UploadCall implements ClientResponseObserver<UploadRequest, UploadResponse> {
    private final CompletableFuture<UploadResponse> response = new CompletableFuture<>();
    private final Object readiness = new Object();
    private ClientCallStreamObserver<UploadRequest> requests;

    @Override
    public void beforeStart(ClientCallStreamObserver<UploadRequest> requestStream) {
      this.requests = requestStream;
      requestStream.setOnReadyHandler(() -> {
        synchronized (readiness) {
          readiness.notifyAll();
        }
      });
    }

    ClientCallStreamObserver<UploadRequest> requests() {
      return requests;
    }

    /** Waits until gRPC can take another message, or throws if the call already ended. */
    void awaitReady() throws InterruptedException {
      synchronized (readiness) {
        while (!requests.isReady()) {
          if (response.isDone()) {
            throw failureOf(response);
          }
          readiness.wait(100);
        }
      }
    }

    /** Why the call ended early: the node's status when it answered with an error. */
    private static RuntimeException failureOf(CompletableFuture<UploadResponse> ended) {
      try {
        ended.join();
        return Status.INTERNAL.withDescription("upload answered before it was complete").asRuntimeException();
      } catch (java.util.concurrent.CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : Status.fromThrowable(e.getCause()).asRuntimeException();
      }
    }

    UploadResponse response() throws IOException {
      try {
        return response.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StatusRuntimeException s) {
          throw s;
        }
        throw new IOException("upload failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("upload interrupted");
      }
    }

    @Override
    public void onNext(UploadResponse value) {
      response.complete(value);
    }

    @Override
    public void onError(Throwable t) {
      response.completeExceptionally(t);
      synchronized (readiness) {
        readiness.notifyAll();
      }
    }

    @Override
    public void onCompleted() {
      response.complete(UploadResponse.getDefaultInstance());
    }
  }

  /** An {@link InputStream} over a server stream of byte messages. */
  private static final class ResponseStream extends InputStream {
    private final Iterator<ReadResponse> responses;
    private final Context.CancellableContext context;
    private ByteString current = ByteString.EMPTY;
    private int position;
    private boolean closed;

    ResponseStream(Iterator<ReadResponse> responses, Context.CancellableContext context) {
      this.responses = responses;
      this.context = context;
    }

    void prefetch() {
      if (responses.hasNext()) {
        current = responses.next().getData();
        position = 0;
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (len == 0) {
        return 0;
      }
      try {
        while (position >= current.size()) {
          if (!responses.hasNext()) {
            return -1;
          }
          current = responses.next().getData();
          position = 0;
        }
      } catch (StatusRuntimeException e) {
        throw new IOException("read failed: " + e.getStatus(), e);
      }
      int n = Math.min(len, current.size() - position);
      current.copyTo(b, position, off, n);
      position += n;
      return n;
    }

    /**
     * Writes each message's bytes to {@code out} in one call, straight from the message: a 1 MiB message costs
     * one write instead of a copy through a small buffer and a hundred writes. {@code ByteString.writeTo} would copy
     * each message first, to keep {@code out} from changing its bytes; nothing here keeps them after the write.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      ByteOutput direct = new StreamByteOutput(out);
      long total = 0;
      try {
        while (true) {
          if (position < current.size()) {
            ByteString rest = current.substring(position);
            UnsafeByteOperations.unsafeWriteTo(rest, direct);
            total += rest.size();
            position = current.size();
          }
          if (!responses.hasNext()) {
            return total;
          }
          current = responses.next().getData();
          position = 0;
        }
      } catch (StatusRuntimeException e) {
        throw new IOException("read failed: " + e.getStatus(), e);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        context.cancel(null);
      }
    }
  }

  /** Hands a message's own array to an output stream, which must not keep or change it (servlet streams do not). */
  private static final class StreamByteOutput extends ByteOutput {
    private final OutputStream out;

    StreamByteOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte value) throws IOException {
      out.write(value);
    }

    @Override
    public void write(byte[] value, int offset, int length) throws IOException {
      out.write(value, offset, length);
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) throws IOException {
      out.write(value, offset, length);
    }

    @Override
    public void write(ByteBuffer value) throws IOException {
      if (value.hasArray()) {
        out.write(value.array(), value.arrayOffset() + value.position(), value.remaining());
      } else {
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        out.write(copy);
      }
    }

    @Override
    public void writeLazy(ByteBuffer value) throws IOException {
      write(value);
    }
  }
}
