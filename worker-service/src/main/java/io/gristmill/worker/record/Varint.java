package io.gristmill.worker.record;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Unsigned LEB128 varints, the encoding protobuf uses: seven bits a byte, least significant group first, the high
 * bit set on every byte but the last. Negative values take ten bytes, like protobuf's uint64.
 */
public final class Varint {

  private static final int MAX_BYTES = 10;

  private Varint() {}

  public static void write(OutputStream out, long value) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** The encoding of {@code value} as a new array. */
  public static byte[] encode(long value) {
    byte[] bytes = new byte[MAX_BYTES];
    int n = 0;
    while ((value & ~0x7FL) != 0) {
      bytes[n++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[n++] = (byte) value;
    return Arrays.copyOf(bytes, n);
  }

  /** Decodes a value that fills {@code bytes} exactly. */
  public static long decode(byte[] bytes) {
    long value = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (i == MAX_BYTES) {
        throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
      }
      value |= (long) (bytes[i] & 0x7F) << (7 * i);
      if ((bytes[i] & 0x80) == 0) {
        if (i != bytes.length - 1) {
          throw new IllegalArgumentException("varint followed by " + (bytes.length - 1 - i) + " stray bytes");
        }
        return value;
      }
    }
    throw new IllegalArgumentException("truncated varint");
  }

  /**
   * Reads one varint, or returns -1 if the stream is already at its end ({@code allowEnd}); an end inside a varint
   * is an {@link EOFException}.
   */
  static long read(InputStream in, boolean allowEnd) throws IOException {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0 && allowEnd) {
          return -1;
        }
        throw new EOFException("stream ended inside a varint");
      }
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("varint longer than " + MAX_BYTES + " bytes");
  }
}
