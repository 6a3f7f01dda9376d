package io.gristmill.worker.mapoutput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a {@link Segment} and checks its CRC32C when the last byte has been read: a corrupt segment ends in an
 * {@link CorruptMapOutputException} instead of silently wrong records.
 */
public final class SegmentInputStream extends InputStream {

  private final Segment segment;
  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private long position;
  private boolean verified;

  public SegmentInputStream(Segment segment) throws IOException {
    this.segment = segment;
    this.channel = FileChannel.open(segment.file(), StandardOpenOption.READ);
    this.position = segment.offset();
  }

  /**
   * The whole segment as an array, its CRC32C checked.
   *
   * @throws CorruptMapOutputException if the file is short or the bytes fail their check
   */
  public static byte[] readAll(Segment segment) throws IOException {
    if (segment.length() > Integer.MAX_VALUE - 8) {
      throw new IOException("segment of " + segment.length() + " bytes in " + segment.file() + " is too long for "
          + "an array");
    }
    byte[] bytes = new byte[(int) segment.length()];
    try (SegmentInputStream in = new SegmentInputStream(segment)) {
      in.readNBytes(bytes, 0, bytes.length);
      // A read at the end checks the CRC32C (a file cut short already failed above).
      in.read();
    }
    return bytes;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    long left = segment.offset() + segment.length() - position;
    if (left <= 0) {
      verify();
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, left)), position);
    if (n < 0) {
      throw new CorruptMapOutputException("map output " + segment.file() + " ends at byte " + position
          + ", before its segment's end at " + (segment.offset() + segment.length()));
    }
    crc.update(buffer, offset, n);
    position += n;
    return n;
  }

  private void verify() {
    if (!verified) {
      verified = true;
      if ((int) crc.getValue() != segment.crc32c()) {
        throw new CorruptMapOutputException("map output " + segment.file() + " bytes [" + segment.offset() + ", "
            + (segment.offset() + segment.length()) + ") fail their CRC32C check");
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
