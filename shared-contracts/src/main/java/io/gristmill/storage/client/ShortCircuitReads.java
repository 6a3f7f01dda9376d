package io.gristmill.storage.client;

import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.DescribeLocalStoreResponse;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import io.gristmill.storage.chunkfile.ChunkFileFormat;
import io.grpc.StatusRuntimeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads ranges of files straight from the chunk files of storage nodes whose disk this host sees, as HDFS's
 * short-circuit reads do, and through {@link BlobStoreClient#open} for everything else. A profile of word count
 * had each split cross two processes over gRPC (the node asked, which may fetch from the node holding the
 * replica), with the storage nodes using more CPU than the map itself on the same two cores; the gateway's downloads
 * use it too ({@link RangeStream#transferTo} writes each verified piece whole).
 *
 * <p>The checks are the storage node's own: a node proves the disk is the one this host sees by its id file
 * ({@code DescribeLocalStore}); a replica is read only if it is LIVE in the file's metadata, its version file holds
 * the chunk's current version and its size and checksum table fit the chunk; every byte is checked against its
 * block's CRC32C before it is returned. Anything that fails (a missing or corrupt file, another version, a
 * replica removed) sends the rest of that chunk's range through the blob store's Read, which serves it from an
 * intact replica; bytes are never returned twice nor before they are verified.
 */
public final class ShortCircuitReads {

  /** Bytes read and verified from a chunk file at a time: 16 checksum blocks. */
  static final int READ_BYTES = 16 * ChunkFileFormat.BLOCK_SIZE;

  /**
   * How long a file's chunk layout, once looked up, is used without asking storage again. A committed file's
   * chunks never change; their replicas may move, and a replica gone from this host is simply read through the
   * node, which looks the layout up afresh. The bound is for a file deleted meanwhile.
   */
  static final long LAYOUT_TTL_NANOS = 30_000_000_000L;

  /**
   * Chunks looked up at once when a range's chunk is not known yet: its own and those after it. Map tasks read a
   * file's splits in order, a few kilobytes each in the 1,000-task benchmark, and each lookup is a call to a
   * storage node and a query of its database.
   */
  static final int LOOKAHEAD_CHUNKS = 256;

  /** Files whose layouts are kept, the least recently used dropped first. */
  private static final int LAYOUTS = 64;

  /** How long after a round of DescribeLocalStore calls that some node did not answer to ask again. */
  private static final long ASK_AGAIN_NANOS = 60_000_000_000L;

  private final BlobStoreClient client;
  private final boolean enabled;
  /** Chunk directory by node id, for the nodes whose disk this host sees. */
  private final Map<String, Path> localStores = new ConcurrentHashMap<>();
  private final AtomicLong localBytes = new AtomicLong();
  private final AtomicLong remoteBytes = new AtomicLong();
  private final AtomicLong layoutLookups = new AtomicLong();
  private final Map<String, Layout> layouts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Layout> eldest) {
      return size() > LAYOUTS;
    }
  };
  private volatile boolean everyNodeAnswered;
  private volatile long lastAsked = System.nanoTime() - ASK_AGAIN_NANOS;

  /** @param enabled false reads everything through {@link BlobStoreClient#open} */
  public ShortCircuitReads(BlobStoreClient client, boolean enabled) {
    this.client = client;
    this.enabled = enabled;
  }

  /**
   * As {@link BlobStoreClient#open}: {@code length} bytes of a file from {@code offset} (length 0: to the end),
   * failing now for a missing file; later failures surface from {@code read} as {@link IOException}.
   */
  public InputStream open(String fileId, long offset, long length) {
    if (!enabled || localStores().isEmpty()) {
      return counted(client.open(fileId, offset, length));
    }
    if (offset < 0 || length < 0) {
      return counted(client.open(fileId, offset, length)); // the node's own answer to a bad range
    }
    return openLaidOut(layout(fileId, offset, length), offset, length);
  }

  /**
   * As {@link #open(String, long, long)}, for a file whose chunks (all, or those of the range) the caller has just
   * looked up itself, as the gateway does before it answers a download: that layout is used, not a cached one.
   */
  public InputStream open(FileInfo file, long offset, long length) {
    if (!enabled || localStores().isEmpty() || offset < 0 || length < 0) {
      return counted(client.open(file.getId(), offset, length));
    }
    return openLaidOut(file, offset, length);
  }

  private InputStream openLaidOut(FileInfo file, long offset, long length) {
    if (offset > file.getSize()) {
      return counted(client.open(file.getId(), offset, length));
    }
    long end = length == 0 ? file.getSize() : Math.min(file.getSize(), offset + length);
    return new RangeStream(file, offset, end);
  }

  /** Calls to storage for file layouts since start. */
  public long layoutLookups() {
    return layoutLookups.get();
  }

  /**
   * The file with the chunks holding [offset, offset + length) (length 0: to the end), from the layouts looked up
   * lately when they cover the range; else looked up, with up to {@link #LOOKAHEAD_CHUNKS} chunks after it, so that
   * the next splits' reads need no call.
   */
  private FileInfo layout(String fileId, long offset, long length) {
    long now = System.nanoTime();
    Layout known;
    synchronized (layouts) {
      known = layouts.get(fileId);
    }
    if (known != null && now - known.loadedAt() < LAYOUT_TTL_NANOS) {
      Optional<FileInfo> covered = known.covering(offset, length);
      if (covered.isPresent()) {
        return covered.get();
      }
    }
    layoutLookups.incrementAndGet();
    FileInfo file;
    if (length == 0) {
      file = client.getFile(fileId);
    } else {
      // Only the chunks of the range and a bounded look-ahead: a split of a file of a million chunks loads a few.
      long ahead = known == null ? 0 : known.file().getChunkSize() * LOOKAHEAD_CHUNKS;
      file = client.getFileRange(fileId, offset, Math.max(length, ahead));
    }
    Layout layout = new Layout(file, now);
    synchronized (layouts) {
      layouts.put(fileId, layout);
    }
    return layout.covering(offset, length).orElse(file);
  }

  /**
   * Some chunks of a file as looked up at {@code loadedAt} (System.nanoTime), in offset order.
   *
   * @param file the file with those chunks
   */
  private record Layout(FileInfo file, long loadedAt) {

    /** The file with just the chunks holding the range, if this layout has every one of them. */
    Optional<FileInfo> covering(long offset, long length) {
      long end = length == 0 ? file.getSize() : Math.min(file.getSize(), offset + length);
      List<ChunkInfo> chunks = new ArrayList<>();
      long next = offset;
      for (ChunkInfo chunk : file.getChunksList()) {
        if (chunk.getOffset() + chunk.getSize() <= next || next >= end) {
          continue;
        }
        if (chunk.getOffset() > next) {
          return Optional.empty(); // a gap: a chunk of the range is not in this layout
        }
        chunks.add(chunk);
        next = chunk.getOffset() + chunk.getSize();
      }
      if (next < end) {
        return Optional.empty();
      }
      return Optional.of(file.toBuilder().clearChunks().addAllChunks(chunks).build());
    }
  }

  /** Bytes returned from chunk files on this host since start. */
  public long localBytes() {
    return localBytes.get();
  }

  /** Bytes returned through the blob store's Read since start. */
  public long remoteBytes() {
    return remoteBytes.get();
  }

  /**
   * Asks the nodes where their chunk files are, until every node has answered once; while one has not, at most once
   * per {@link #ASK_AGAIN_NANOS}, so that a node that is down (whose call may wait for its whole deadline) does
   * not delay every split.
   */
  private Map<String, Path> localStores() {
    if (!everyNodeAnswered && System.nanoTime() - lastAsked >= ASK_AGAIN_NANOS) {
      synchronized (this) {
        if (!everyNodeAnswered && System.nanoTime() - lastAsked >= ASK_AGAIN_NANOS) {
          lastAsked = System.nanoTime();
          boolean all = true;
          for (Optional<DescribeLocalStoreResponse> answer : client.describeLocalStores()) {
            if (answer.isEmpty()) {
              all = false;
            } else if (sharesFileSystem(answer.get())) {
              localStores.put(answer.get().getNodeId(), Path.of(answer.get().getChunkDirectory()));
            }
          }
          everyNodeAnswered = all;
        }
      }
    }
    return localStores;
  }

  private static boolean sharesFileSystem(DescribeLocalStoreResponse store) {
    if (store.getChecksumBlockBytes() != ChunkFileFormat.BLOCK_SIZE || store.getNodeIdFile().isEmpty()) {
      return false;
    }
    try {
      return Files.readString(Path.of(store.getNodeIdFile()), StandardCharsets.UTF_8).strip()
          .equals(store.getNodeId());
    } catch (IOException | RuntimeException e) {
      return false; // another host's path, or none: read through the node
    }
  }

  private InputStream counted(InputStream remote) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        int b = remote.read();
        if (b >= 0) {
          remoteBytes.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = remote.read(b, off, len);
        if (n > 0) {
          remoteBytes.addAndGet(n);
        }
        return n;
      }

      /** The node's stream writes each message whole; the default would copy through an 8 KiB buffer. */
      @Override
      public long transferTo(OutputStream out) throws IOException {
        long n = remote.transferTo(out);
        remoteBytes.addAndGet(n);
        return n;
      }

      @Override
      public void close() throws IOException {
        remote.close();
      }
    };
  }

  /** A replica's open files. */
  private record LocalReplica(String handle, FileChannel data, FileChannel table) {
    void close() {
      closeQuietly(data);
      closeQuietly(table);
    }
  }

  /** A range read chunk by chunk: from this host's replica when there is an intact one, else from the node. */
  private final class RangeStream extends InputStream {
    private final FileInfo file;
    private final long end;
    private long position;
    private ByteBuffer verified = ByteBuffer.allocate(0);
    /** What every piece is read into, allocated on the first local read: a fresh buffer per piece was zeroed first. */
    private ByteBuffer readBuffer;
    private LocalReplica replica;
    private InputStream remote;
    private long remoteEnd;
    private boolean closed;

    RangeStream(FileInfo file, long offset, long end) {
      this.file = file;
      this.position = offset;
      this.end = end;
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
      while (position < end) {
        if (verified.hasRemaining()) {
          int n = Math.min(len, verified.remaining());
          verified.get(b, off, n);
          position += n;
          localBytes.addAndGet(n);
          return n;
        }
        if (remote != null) {
          if (position < remoteEnd) {
            int n = remote.read(b, off, (int) Math.min(len, remoteEnd - position));
            if (n < 0) {
              throw new EOFException("file " + file.getId() + " ended at byte " + position + " of " + end);
            }
            position += n;
            remoteBytes.addAndGet(n);
            return n;
          }
          remote.close();
          remote = null;
        }
        next();
      }
      return -1;
    }

    /**
     * Writes the rest of the range to {@code out} a whole verified piece (or the node's whole message) per write,
     * instead of {@link InputStream#transferTo}'s copies through an 8 KiB buffer: a download through the gateway
     * is a few hundred writes per 256 MiB, each straight from the buffer the piece was checked in. {@code out} must
     * not keep the arrays it is given (servlet and file streams do not).
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      long total = 0;
      while (position < end) {
        if (verified.hasRemaining()) {
          int n = verified.remaining();
          out.write(verified.array(), verified.arrayOffset() + verified.position(), n);
          verified.position(verified.limit());
          position += n;
          localBytes.addAndGet(n);
          total += n;
        } else if (remote != null) {
          long expected = remoteEnd - position;
          long n = remote.transferTo(out);
          if (n != expected) {
            throw new EOFException("file " + file.getId() + " ended at byte " + (position + n) + " of " + end);
          }
          position += n;
          remoteBytes.addAndGet(n);
          total += n;
          remote.close();
          remote = null;
        } else {
          next();
        }
      }
      return total;
    }

    /** Verifies the next piece of the current chunk from this host's replica, or opens the node's stream for it. */
    private void next() throws IOException {
      ChunkInfo chunk = chunkAt(position);
      long chunkEnd = Math.min(end, chunk.getOffset() + chunk.getSize());
      if (replica == null || !replica.handle().equals(chunk.getHandle())) {
        closeReplica();
        replica = openReplica(chunk);
      }
      if (replica != null) {
        try {
          if (readBuffer == null) {
            readBuffer = ByteBuffer.allocate(readBufferSize(file));
          }
          verified = ChunkFileFormat.readVerified(replica.data(), replica.table(), chunk.getSize(),
              position - chunk.getOffset(), (int) Math.min(READ_BYTES, chunkEnd - position), readBuffer);
          return;
        } catch (IOException e) {
          // Corrupt or unreadable here: the node serves the rest of the chunk from an intact replica (and, on
          // its own reads, finds and reports the bad one).
          closeReplica();
        }
      }
      try {
        remote = client.open(file.getId(), position, chunkEnd - position);
      } catch (StatusRuntimeException e) {
        throw new IOException("read failed: " + e.getStatus(), e);
      }
      remoteEnd = chunkEnd;
    }

    /**
     * Whole blocks of a full piece, or of a whole chunk when the file's chunks are smaller: a piece reads no block
     * past its chunk's end. Zeroing a 1 MiB buffer for every split of a 4 KiB chunk was a tenth of a worker's CPU
     * in a job of 1,000 such maps.
     */
    private static int readBufferSize(FileInfo file) {
      int piece = ChunkFileFormat.blocksSpanned(READ_BYTES);
      return file.getChunkSize() > 0 ? (int) Math.min(piece, file.getChunkSize()) : piece;
    }

    private ChunkInfo chunkAt(long offset) throws IOException {
      for (ChunkInfo chunk : file.getChunksList()) {
        if (offset >= chunk.getOffset() && offset < chunk.getOffset() + chunk.getSize()) {
          return chunk;
        }
      }
      throw new IOException("file " + file.getId() + " has no chunk at byte " + offset);
    }

    /** This host's intact-looking replica of the chunk: live, of its version and size; null when there is none. */
    private LocalReplica openReplica(ChunkInfo chunk) {
      for (ReplicaInfo info : chunk.getReplicasList()) {
        Path directory = localStores.get(info.getNodeId());
        if (directory == null || !"LIVE".equals(info.getState())) {
          continue;
        }
        FileChannel data = null;
        FileChannel table = null;
        try {
          String version = Files.readString(
              directory.resolve(ChunkFileFormat.versionFileName(chunk.getHandle())), StandardCharsets.US_ASCII);
          if (Long.parseLong(version.strip()) != chunk.getVersion()) {
            continue;
          }
          data = FileChannel.open(directory.resolve(ChunkFileFormat.dataFileName(chunk.getHandle())),
              StandardOpenOption.READ);
          table = FileChannel.open(directory.resolve(ChunkFileFormat.checksumFileName(chunk.getHandle())),
              StandardOpenOption.READ);
          if (data.size() == chunk.getSize() && ChunkFileFormat.tableFits(chunk.getSize(), table.size())) {
            return new LocalReplica(chunk.getHandle(), data, table);
          }
        } catch (IOException | RuntimeException e) {
          // Missing, moving or torn files: try the next replica, else the node.
        }
        closeQuietly(data);
        closeQuietly(table);
      }
      return null;
    }

    private void closeReplica() {
      if (replica != null) {
        replica.close();
        replica = null;
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        closeReplica();
        if (remote != null) {
          remote.close();
        }
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // A read-only handle: nothing is lost.
      }
    }
  }
}
