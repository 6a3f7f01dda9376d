package io.gristmill.storage.blob;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.contracts.storage.v1.UploadRequest;
import io.gristmill.contracts.storage.v1.UploadResponse;
import io.gristmill.storage.chunk.ChunkCutter;
import io.gristmill.storage.chunk.ChunkSink;
import io.gristmill.storage.chunk.StoredChunk;
import io.gristmill.storage.system.GrpcStatuses;
import io.gristmill.storage.system.StorageException;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;

/**
 * One upload call. Bytes go to the chunk sink as they arrive (gRPC asks for the next message only when this one
 * has been written, so memory stays bounded); a chunk is sealed when it fills, in the background while the next
 * one is written, and recorded once sealed. The file becomes
 * visible only at the end, in one transaction; any failure or cancellation removes what was written, on disk and
 * in the database.
 */
final class UploadSession implements StreamObserver<UploadRequest> {

  private static final Logger log = LoggerFactory.getLogger(UploadSession.class);

  /** Tries at deleting an abandoned upload's rows when the database ends them as deadlocks or lock timeouts. */
  private static final int DISCARD_ATTEMPTS = 3;

  private enum Stage { AWAITING_HEADER, RECEIVING, ENDED }

  private final UploadRules rules;
  private final long maxFileSize;
  private final FileCatalog catalog;
  private final ChunkSink sink;
  private final String nodeId;
  private final StreamObserver<UploadResponse> responses;
  private final Executor sealer;
  private final MessageDigest sha256 = newDigest();
  private final List<StoredChunk> stored = new ArrayList<>();

  private Stage stage = Stage.AWAITING_HEADER;
  private UUID fileId;
  private UploadPlan plan;
  private ChunkCutter cutter;
  private long received;
  private ChunkSink.OpenChunk open;
  private int openIndex;
  /** The chunk before {@link #open} while its pipeline forces it to disk; at most one at a time. */
  private CompletableFuture<StoredChunk> sealing;

  /** @param sealer where a full chunk waits for its replicas to be forced while the next one is written */
  UploadSession(UploadRules rules, long maxFileSize, FileCatalog catalog, ChunkSink sink, String nodeId,
      StreamObserver<UploadResponse> responses, Executor sealer) {
    this.rules = rules;
    this.maxFileSize = maxFileSize;
    this.catalog = catalog;
    this.sink = sink;
    this.nodeId = nodeId;
    this.responses = responses;
    this.sealer = sealer;
  }

  @Override
  public void onNext(UploadRequest request) {
    if (stage == Stage.ENDED) {
      return;
    }
    try {
      switch (request.getPartCase()) {
        case HEADER -> begin(request.getHeader());
        case DATA -> append(request.getData());
        case PART_NOT_SET -> throw StorageException.invalidRequest("an upload message must carry a header or data");
      }
    } catch (IOException e) {
      fail(StorageException.unavailable("node " + nodeId + " could not store the upload: " + e.getMessage(), e));
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (stage != Stage.ENDED) {
      stage = Stage.ENDED;
      log.info("upload of file {} abandoned by the client after {} bytes: {}", fileId, received, t.toString());
      abort();
    }
  }

  @Override
  public void onCompleted() {
    if (stage == Stage.ENDED) {
      return;
    }
    try {
      if (stage == Stage.AWAITING_HEADER) {
        throw StorageException.invalidRequest("the upload ended without a header");
      }
      if (open != null) {
        seal();
      }
      awaitSealing();
      FileLayout file = catalog.commit(fileId, received, HexFormat.of().formatHex(sha256.digest()));
      stage = Stage.ENDED;
      log.info("file {} committed: {} bytes in {} chunks", fileId, received, stored.size());
      responses.onNext(UploadResponse.newBuilder().setFile(FileInfos.toProto(file)).build());
      responses.onCompleted();
    } catch (IOException e) {
      fail(StorageException.unavailable("node " + nodeId + " could not store the upload: " + e.getMessage(), e));
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void begin(UploadHeader header) {
    if (stage != Stage.AWAITING_HEADER) {
      throw StorageException.invalidRequest("the upload header may only be sent once, in the first message");
    }
    plan = rules.plan(header.getName(), header.getChunkSize(), header.getReplication(), header.getOwner());
    cutter = new ChunkCutter(plan.chunkSize());
    fileId = catalog.startUpload(plan);
    stage = Stage.RECEIVING;
  }

  private void append(ByteString data) throws IOException {
    if (stage == Stage.AWAITING_HEADER) {
      throw StorageException.invalidRequest("the first upload message must carry the header");
    }
    if (data.size() > maxFileSize - received) {
      throw StorageException.limitExceeded("the file exceeds the maximum file size of " + maxFileSize + " bytes");
    }
    for (ByteBuffer buffer : data.asReadOnlyByteBufferList()) {
      sha256.update(buffer);
    }
    write(data);
  }

  /** Cuts {@code data} at chunk edges; each piece is a view of the message's bytes, passed on without a copy. */
  private void write(ByteString data) throws IOException {
    for (int at = 0; at < data.size(); ) {
      ChunkCutter.Piece piece = cutter.pieceAt(received, data.size() - at);
      if (open == null) {
        // Where a replication pipeline will start: the sink decides which nodes receive the chunk.
        open = sink.open(UUID.randomUUID(), plan.replication());
        openIndex = piece.chunkIndex();
      }
      int n = (int) piece.length();
      open.write(data.substring(at, at + n));
      at += n;
      received += n;
      if (piece.reachesChunkEnd()) {
        seal();
      }
    }
  }

  /**
   * Seals the open chunk and records it in the background, so that the next chunk's bytes flow while its replicas
   * are forced to disk; the chunk sealed before it must have finished first, so one upload never has more than two
   * pipelines.
   */
  private void seal() throws IOException {
    ChunkSink.OpenChunk chunk = open;
    int index = openIndex;
    open = null;
    awaitSealing();
    // In the call's context, so that a cancelled upload also cancels what the seal calls on other nodes.
    sealing = CompletableFuture.supplyAsync(() -> sealAndRecord(chunk, index),
        Context.current().fixedContextExecutor(sealer));
  }

  /** Either the chunk is durable and recorded, or nothing of it is left. */
  private StoredChunk sealAndRecord(ChunkSink.OpenChunk chunk, int index) {
    StoredChunk sealed;
    try {
      sealed = chunk.seal();
    } catch (IOException e) {
      abortQuietly(chunk);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      abortQuietly(chunk);
      throw e;
    }
    try {
      catalog.recordChunk(fileId, index, index * plan.chunkSize(), sealed);
    } catch (RuntimeException e) {
      discardQuietly(sealed);
      throw e;
    }
    return sealed;
  }

  /** Waits for the chunk being sealed, if any; rethrows what failed it. */
  private void awaitSealing() throws IOException {
    if (sealing == null) {
      return;
    }
    try {
      stored.add(sealing.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      sealing = null;
    }
  }

  private void fail(Throwable failure) {
    stage = Stage.ENDED;
    abort();
    responses.onError(GrpcStatuses.toStatus(failure));
  }

  /** Removes every trace of the upload; each step is tried even if an earlier one failed. */
  private void abort() {
    if (open != null) {
      abortQuietly(open);
      open = null;
    }
    if (sealing != null) {
      // A chunk that seals after all is removed with the others; one that fails removed itself.
      try {
        stored.add(sealing.join());
      } catch (CompletionException e) {
        log.debug("chunk of abandoned upload {} did not seal: {}", fileId, e.getCause().toString());
      }
      sealing = null;
    }
    for (StoredChunk chunk : stored) {
      discardQuietly(chunk);
    }
    if (fileId != null) {
      discardMetadata();
    }
  }

  /**
   * Deletes the file's rows. The node's heartbeat may be updating the same replica rows at that moment (their
   * chunk files were just removed), and PostgreSQL then ends one of the two transactions as a deadlock: that one is
   * tried again, since the garbage collector would otherwise leave the abandoned file's rows for a whole period.
   */
  private void discardMetadata() {
    for (int attempt = 1; ; attempt++) {
      try {
        catalog.discard(fileId);
        return;
      } catch (TransientDataAccessException e) {
        if (attempt == DISCARD_ATTEMPTS) {
          log.warn("could not remove the metadata of abandoned upload {} in {} attempts: {}", fileId, attempt,
              e.toString());
          return;
        }
      } catch (RuntimeException e) {
        log.warn("could not remove the metadata of abandoned upload {}: {}", fileId, e.toString());
        return;
      }
    }
  }

  private void discardQuietly(StoredChunk chunk) {
    try {
      sink.discard(chunk);
    } catch (IOException | RuntimeException e) {
      log.warn("could not remove chunk {} of abandoned upload {}: {}", chunk.handle(), fileId, e.toString());
    }
  }

  private void abortQuietly(ChunkSink.OpenChunk chunk) {
    try {
      chunk.abort();
    } catch (IOException | RuntimeException e) {
      log.warn("could not remove a partial chunk of upload {}: {}", fileId, e.toString());
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
