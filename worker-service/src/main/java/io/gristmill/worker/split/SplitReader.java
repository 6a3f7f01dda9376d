package io.gristmill.worker.split;

import io.gristmill.worker.cancel.Cancellation;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the lines a split owns. A line starts at byte 0 or right after a {@code '\n'}; a split owns every line
 * that starts in {@code [offset, end)}, and reads each to its {@code '\n'} or the end of the file, even past
 * {@code end}. So a split not starting at 0 looks at the byte before its offset to learn whether a line starts
 * exactly there, and otherwise skips the rest of the line it starts in (the previous split owns that line).
 * Together, the splits of a file yield each of its lines exactly once.
 *
 * <p>Bytes are read sequentially in bounded windows: the first covers the split itself, later ones only the
 * tail of the last line, {@code tailWindow} bytes at a time, so a split never asks for much more than it needs.
 * Memory is the read buffer plus the longest line.
 */
public final class SplitReader {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  private final int bufferSize;
  private final int tailWindow;

  /**
   * @param bufferSize bytes read from the source at a time
   * @param tailWindow bytes requested at a time when the last line runs past the split's end
   */
  public SplitReader(int bufferSize, int tailWindow) {
    if (bufferSize < 1 || tailWindow < 1) {
      throw new IllegalArgumentException("buffer size and tail window must be positive");
    }
    this.bufferSize = bufferSize;
    this.tailWindow = tailWindow;
  }

  /** Passes every line {@code split} owns to {@code lines}, in file order. */
  public SplitStats read(Split split, RangeSource source, LineConsumer lines) throws IOException {
    return read(split, source, cursor -> {
      cursor.readLine(lines);
      return 1;
    });
  }

  /**
   * Passes the same lines as {@link #read}, with the same statistics, as blocks of whole lines: every complete line
   * the read buffer holds in one call, and a line that crosses buffers alone.
   */
  public SplitStats readBlocks(Split split, RangeSource source, LineBlockConsumer blocks) throws IOException {
    LineConsumer oneLine = (position, bytes, offset, length) -> blocks.accept(bytes, offset, length);
    return read(split, source, cursor -> cursor.readLines(blocks, oneLine));
  }

  /** Reads some lines at the cursor and answers how many. */
  @FunctionalInterface
  private interface Step {
    long read(Cursor cursor) throws IOException;
  }

  private SplitStats read(Split split, RangeSource source, Step step) throws IOException {
    long end = split.end();
    if (split.offset() >= end) {
      return new SplitStats(0, 0);
    }
    long from = split.offset() == 0 ? 0 : split.offset() - 1;
    try (Cursor cursor = new Cursor(source, from, end, split.fileSize())) {
      if (split.offset() > 0 && cursor.next() != '\n' && !cursor.skipPastNewlineBefore(end - 1)) {
        return new SplitStats(0, 0);
      }
      long count = 0;
      long startOfLines = cursor.position();
      while (cursor.position() < end) {
        // The map record loop: a cancelled attempt stops here between lines.
        Cancellation.checkpoint();
        count += step.read(cursor);
      }
      return new SplitStats(count, cursor.position() - startOfLines);
    }
  }

  /** A position in the file with a read buffer over a sequence of windows. */
  private final class Cursor implements AutoCloseable {
    private final RangeSource source;
    private final long splitEnd;
    private final long fileSize;
    private final byte[] buffer = new byte[bufferSize];
    private byte[] line = new byte[0];
    private int bufferPosition;
    private int bufferLimit;
    private long position;
    private long windowEnd;
    private InputStream window;

    Cursor(RangeSource source, long from, long firstWindowEnd, long fileSize) throws IOException {
      this.source = source;
      this.splitEnd = firstWindowEnd;
      this.fileSize = fileSize;
      this.position = from;
      this.window = source.open(from, firstWindowEnd - from);
      this.windowEnd = firstWindowEnd;
    }

    long position() {
      return position;
    }

    /** The next byte; the caller knows one exists. */
    int next() throws IOException {
      if (bufferPosition == bufferLimit && !fill()) {
        throw new EOFException("input ended at byte " + position + " of a file of " + fileSize + " bytes");
      }
      position++;
      return buffer[bufferPosition++];
    }

    /** Consumes bytes up to and including the first {@code '\n'} at a position below {@code limit}, if any. */
    boolean skipPastNewlineBefore(long limit) throws IOException {
      while (position < limit) {
        if (next() == '\n') {
          return true;
        }
      }
      return false;
    }

    /** Reads the line starting at the current position through its {@code '\n'} or the end of the file. */
    void readLine(LineConsumer lines) throws IOException {
      long start = position;
      int length = 0;
      while (true) {
        if (bufferPosition == bufferLimit && !fill()) {
          lines.accept(start, line, 0, length);
          return;
        }
        int newline = indexOfNewline();
        int stop = newline < 0 ? bufferLimit : newline;
        int n = stop - bufferPosition;
        if (newline >= 0 && length == 0) {
          // The whole line is in the buffer: hand it over without copying.
          lines.accept(start, buffer, bufferPosition, n);
        } else {
          if (line.length < length + n) {
            line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
          }
          System.arraycopy(buffer, bufferPosition, line, length, n);
          length += n;
          if (newline >= 0) {
            lines.accept(start, line, 0, length);
          }
        }
        int consumed = newline < 0 ? n : n + 1;
        bufferPosition += consumed;
        position += consumed;
        if (newline >= 0) {
          return;
        }
      }
    }

    /**
     * Reads, from the current line start, every line that ends in the buffer before the split's end and passes
     * them as one block; when none does, reads the one line there across buffers. Answers the lines read.
     */
    long readLines(LineBlockConsumer blocks, LineConsumer oneLine) throws IOException {
      if (bufferPosition < bufferLimit || fill()) {
        int stop = (int) Math.min(bufferLimit, bufferPosition + (splitEnd - position));
        int last = stop - 1;
        while (last >= bufferPosition && buffer[last] != '\n') {
          last--;
        }
        if (last >= bufferPosition) {
          int length = last + 1 - bufferPosition;
          long lines = countNewlines(bufferPosition, last + 1);
          blocks.accept(buffer, bufferPosition, length);
          bufferPosition += length;
          position += length;
          return lines;
        }
      }
      readLine(oneLine);
      return 1;
    }

    /**
     * Eight bytes at a time, exactly: after xoring with {@code '\n'}, {@code ((v & 0x7F..) + 0x7F..) | v} has the
     * high bit of every byte set except of the zero ones, and no carry crosses a byte.
     */
    private long countNewlines(int from, int to) {
      long count = 0;
      int i = from;
      for (; i + Long.BYTES <= to; i += Long.BYTES) {
        long v = (long) LONGS.get(buffer, i) ^ NEWLINES;
        long nonZero = ((v & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | v;
        count += Long.bitCount(~nonZero & 0x8080808080808080L);
      }
      for (; i < to; i++) {
        if (buffer[i] == '\n') {
          count++;
        }
      }
      return count;
    }

    /**
     * Eight bytes at a time: {@code (v - 0x01..) & ~v & 0x80..} flags the zero bytes of {@code v}, the bytes equal
     * to {@code '\n'} once xored with it, and the lowest flag is always a true one. A profile of a word count had a
     * byte-by-byte loop here at a third of the map's samples.
     */
    private int indexOfNewline() {
      int i = bufferPosition;
      for (; i + Long.BYTES <= bufferLimit; i += Long.BYTES) {
        long v = (long) LONGS.get(buffer, i) ^ NEWLINES;
        long found = (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
        if (found != 0) {
          return i + Long.numberOfTrailingZeros(found) / Byte.SIZE;
        }
      }
      for (; i < bufferLimit; i++) {
        if (buffer[i] == '\n') {
          return i;
        }
      }
      return -1;
    }

    /** Refills the buffer, moving on to the next window when one ends; false at the end of the file. */
    private boolean fill() throws IOException {
      long buffered = position;
      while (true) {
        int n = window == null ? -1 : window.read(buffer, 0, buffer.length);
        if (n > 0) {
          bufferPosition = 0;
          bufferLimit = n;
          return true;
        }
        if (n == 0) {
          continue;
        }
        if (buffered < windowEnd) {
          throw new EOFException("input ended at byte " + buffered + " of a file of " + fileSize + " bytes");
        }
        closeWindow();
        if (windowEnd >= fileSize) {
          return false;
        }
        long length = Math.min(tailWindow, fileSize - windowEnd);
        window = source.open(windowEnd, length);
        windowEnd += length;
      }
    }

    private void closeWindow() throws IOException {
      if (window != null) {
        InputStream closing = window;
        window = null;
        closing.close();
      }
    }

    @Override
    public void close() throws IOException {
      closeWindow();
    }
  }
}
