package io.gristmill.storage.blob;

import com.google.protobuf.ByteString;
import io.gristmill.storage.chunk.ChunkCutter;
import io.gristmill.storage.chunk.ReplicaLocation;
import io.gristmill.storage.chunk.ReplicaReaders;
import io.gristmill.storage.chunk.ReplicaState;
import io.gristmill.storage.chunk.ReplicaStream;
import io.gristmill.storage.chunk.ReplicaUnusableException;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.storage.system.StorageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads byte ranges of files across chunk edges. Each chunk range comes from one replica after another until one
 * serves it whole: a replica that fails midway is left at the byte it reached and the next one continues from
 * there, so the reader never sees a byte twice or a byte that failed its checksum.
 */
@Component
class FileReader {

  private static final Logger log = LoggerFactory.getLogger(FileReader.class);

  private final FileCatalog catalog;
  private final ReplicaReaders replicas;
  private final LocalNode node;

  private final Counter corruptions;

  FileReader(FileCatalog catalog, ReplicaReaders replicas, LocalNode node, MeterRegistry meters) {
    this.catalog = catalog;
    this.replicas = replicas;
    this.node = node;
    this.corruptions = Counter.builder("gristmill.storage.replicas.corrupt")
        .description("Replicas found corrupt or missing, by reads and by the scrubber")
        .tag("found_by", "read")
        .register(meters);
  }

  /** Receives the bytes of a read in order. */
  interface PieceSink {
    void accept(ByteString piece) throws InterruptedException;
  }

  /** A checked read request: {@code [offset, end)} of a committed file. */
  record Range(FileLayout file, long offset, long end) {}

  /**
   * Checks a request before any byte is sent, so that its errors come as the call's status: NOT_FOUND,
   * OUT_OF_RANGE (offset past the end), INVALID_REQUEST (negative numbers). Length 0 means to the end; a length
   * past the end stops at the end.
   */
  Range range(UUID fileId, long offset, long length) {
    if (offset < 0) {
      throw StorageException.invalidRequest("offset must not be negative; was " + offset);
    }
    if (length < 0) {
      throw StorageException.invalidRequest("length must not be negative; was " + length);
    }
    FileLayout file = catalog.committedLayout(fileId, offset, length);
    if (offset > file.size()) {
      throw StorageException.outOfRange("offset " + offset + " is past the end of file " + fileId + " ("
          + file.size() + " bytes)");
    }
    long available = file.size() - offset;
    return new Range(file, offset, offset + (length == 0 ? available : Math.min(length, available)));
  }

  /** Streams the bytes of {@code range} into {@code sink}; DATA_LOSS or UNAVAILABLE when a chunk cannot be read. */
  void read(Range range, PieceSink sink) throws InterruptedException {
    ChunkCutter cutter = new ChunkCutter(range.file().chunkSize());
    for (long position = range.offset(); position < range.end(); ) {
      ChunkCutter.Piece piece = cutter.pieceAt(position, range.end() - position);
      readChunk(range.file(), range.file().chunk(piece.chunkIndex()), piece.offsetInChunk(), piece.length(), sink);
      position += piece.length();
    }
  }

  private void readChunk(FileLayout file, FileLayout.ChunkLayout chunk, long offset, long length, PieceSink sink)
      throws InterruptedException {
    readChunk(file, chunk, offset, length, sink, true);
  }

  /**
   * @param mayRefresh whether a replica holding another version than {@code chunk} says may make the reader look
   *     up the chunk again: the repairer may have re-formed its replica set since the layout was loaded, and then
   *     the replicas are not stale, the layout is. Once only, so a chunk whose version keeps moving still ends.
   */
  private void readChunk(FileLayout file, FileLayout.ChunkLayout chunk, long offset, long length, PieceSink sink,
      boolean mayRefresh) throws InterruptedException {
    long done = 0;
    boolean someUnreachable = false;
    List<String> stale = new ArrayList<>();
    for (ReplicaLocation replica : candidates(chunk)) {
      try (ReplicaStream stream = replicas.open(chunk.handle(), chunk.size(), chunk.version(), replica, offset + done,
          length - done)) {
        for (ByteString piece = stream.next(); piece != null; piece = stream.next()) {
          sink.accept(piece);
          done += piece.size();
        }
        return;
      } catch (ReplicaUnusableException e) {
        log.warn("replica of chunk {} on node {} failed: {}", chunk.handle(), replica.nodeId(), e.getMessage());
        switch (e.kind()) {
          case UNREACHABLE -> someUnreachable = true;
          case STALE -> stale.add(replica.nodeId());
          case CORRUPT, MISSING -> {
            catalog.markCorrupt(chunk.handle(), replica.nodeId());
            corruptions.increment();
          }
        }
      }
    }
    if (!stale.isEmpty() && mayRefresh) {
      FileLayout.ChunkLayout current = catalog.committedLayout(file.id(), chunk.offset(), 1).chunk(chunk.index());
      if (current.version() != chunk.version()) {
        log.info("chunk {} moved from version {} to {} during a read; reading the current replicas",
            chunk.handle(), chunk.version(), current.version());
        readChunk(file, current, offset + done, length - done, sink, false);
        return;
      }
    }
    for (String nodeId : stale) {
      catalog.markStale(chunk.handle(), nodeId);
    }
    String which = "chunk " + chunk.handle() + " (index " + chunk.index() + " of file " + file.id() + ")";
    if (someUnreachable) {
      throw StorageException.unavailable("no replica of " + which + " can be reached now", null);
    }
    throw StorageException.dataLoss(which + " has no intact replica");
  }

  /**
   * Live replicas of the chunk's current version, those on serving nodes first (a dead node may have come back
   * before the detector noticed it left), then this node's: a local read costs no network.
   */
  private List<ReplicaLocation> candidates(FileLayout.ChunkLayout chunk) {
    return chunk.replicas().stream()
        .filter(r -> r.state() == ReplicaState.LIVE && r.version() == chunk.version())
        .sorted(Comparator.comparing((ReplicaLocation r) -> !r.nodeServes())
            .thenComparing(r -> !r.nodeId().equals(node.id())))
        .toList();
  }
}
