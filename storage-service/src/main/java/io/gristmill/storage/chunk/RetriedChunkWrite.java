package io.gristmill.storage.chunk;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.WriteChunkResponse;
import io.gristmill.storage.placement.Candidate;
import io.gristmill.storage.system.StorageException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chunk of an upload, written through a pipeline that is formed again when its first node fails, as HDFS
 * recovers a pipeline: the bytes sent so far are kept in a spool file on the writer's disk (never in memory), a
 * new pipeline is chosen without the nodes that failed, with the chunk's version raised, and the spool is sent
 * again. A node that held a replica of the failed attempt keeps an older version, so its copy is stale and is
 * deleted at its next chunk report. With one attempt allowed there is no spool and a failure ends the upload.
 */
final class RetriedChunkWrite implements ChunkSink.OpenChunk {

  private static final Logger log = LoggerFactory.getLogger(RetriedChunkWrite.class);
  private static final int REPLAY_BYTES = 1 << 20;

  /** Forms pipelines and finishes sealed chunks: the sink this write belongs to. */
  interface Pipelines {

    /** Up to {@code replication} live nodes for the chunk, none of {@code excluded}, best first. */
    List<Candidate> choose(int replication, Set<String> excluded);

    PipelineWrite open(UUID handle, long version, List<Candidate> targets);

    /** Tops the sealed chunk up to its quorum on nodes neither planned nor failed, or fails it. */
    StoredChunk sealed(UUID handle, long version, WriteChunkResponse reply, List<Candidate> planned,
        Set<String> failed, int quorum);
  }

  private final UUID handle;
  private final int replication;
  private final int quorum;
  private final int attempts;
  private final Pipelines pipelines;
  private final Path spoolFile;
  private final FileChannel spool;
  private final Set<String> failed = new HashSet<>();
  private List<Candidate> targets;
  private PipelineWrite pipeline;
  private long version = Chunk.FIRST_VERSION;
  private int attempt = 1;

  /** @param spoolFile where the bytes are kept for a retry; unused when {@code attempts} is 1 */
  RetriedChunkWrite(UUID handle, int replication, int quorum, int attempts, List<Candidate> targets,
      Pipelines pipelines, Path spoolFile) throws IOException {
    this.handle = handle;
    this.replication = replication;
    this.quorum = quorum;
    this.attempts = attempts;
    this.pipelines = pipelines;
    this.targets = targets;
    this.spoolFile = spoolFile;
    this.spool = attempts > 1 ? FileChannel.open(spoolFile, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE) : null;
    this.pipeline = pipelines.open(handle, version, targets);
  }

  @Override
  public void write(ByteString bytes) throws IOException {
    if (spool != null) {
      for (ByteBuffer part : bytes.asReadOnlyByteBufferList()) {
        while (part.hasRemaining()) {
          spool.write(part);
        }
      }
    }
    try {
      pipeline.write(bytes);
    } catch (StorageException e) {
      lost(e);
      reform(); // the spool holds these bytes too
    }
  }

  @Override
  public StoredChunk seal() throws IOException {
    WriteChunkResponse reply = null;
    while (reply == null) {
      try {
        reply = pipeline.seal();
      } catch (StorageException e) {
        lost(e);
        reform();
      }
    }
    try {
      return pipelines.sealed(handle, version, reply, targets, failed, quorum);
    } finally {
      closeSpool();
    }
  }

  @Override
  public void abort() throws IOException {
    if (pipeline != null) {
      pipeline.abort();
    }
    closeSpool();
  }

  /**
   * The pipeline's first node failed: it is left out from now on, or the write fails if no attempt is left. A node
   * that refused because it still holds this chunk is not at fault: it is removing the unfinished copy of the
   * pipeline that failed before (a hop learns of that asynchronously), so it is tried again after a pause.
   */
  private void lost(StorageException failure) throws IOException {
    String node = pipeline.first().id();
    pipeline.abort();
    pipeline = null;
    boolean leftover = failure.getCause() instanceof StatusRuntimeException s
        && s.getStatus().getCode() == Status.Code.ALREADY_EXISTS && version > Chunk.FIRST_VERSION;
    if (!leftover) {
      failed.add(node);
    }
    if (attempt >= attempts) {
      closeSpool();
      throw failure;
    }
    targets = pipelines.choose(replication, failed);
    if (targets.size() < quorum) {
      closeSpool();
      throw StorageException.unavailable(failure.getMessage() + "; " + targets.size() + " other live nodes are "
          + "fewer than its write quorum of " + quorum, failure);
    }
    if (leftover) {
      pause(attempt);
    }
    attempt++;
    version++;
    log.warn("{}; writing chunk {} again as version {} through {}", failure.getMessage(), handle, version,
        targets.stream().map(Candidate::id).toList());
  }

  /** Opens the next pipeline and sends it everything spooled so far; a failure there moves on to the next. */
  private void reform() throws IOException {
    while (pipeline == null) {
      pipeline = pipelines.open(handle, version, targets);
      try {
        ByteBuffer buffer = ByteBuffer.allocate(REPLAY_BYTES);
        long at = 0;
        while (at < spool.size()) {
          buffer.clear();
          at += spool.read(buffer, at);
          buffer.flip();
          pipeline.write(ByteString.copyFrom(buffer)); // the buffer is refilled next: the message needs its own bytes
        }
      } catch (StorageException e) {
        lost(e);
      }
    }
  }

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(200L << attempt); // a hop removes its file as soon as it hears of the cancellation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while re-forming a pipeline");
    }
  }

  private void closeSpool() throws IOException {
    if (spool != null && spool.isOpen()) {
      spool.close();
      Files.deleteIfExists(spoolFile);
    }
  }
}
