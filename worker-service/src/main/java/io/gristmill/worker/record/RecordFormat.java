package io.gristmill.worker.record;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The file format of map outputs and of the shuffle stream (see shuffle.proto): a plain sequence of records, each
 * a varint key length, the key bytes, a varint value length and the value bytes. No header and no trailer, so runs
 * can be concatenated and an empty run is an empty file.
 */
public final class RecordFormat {

  /** Largest key or value accepted when reading, so a corrupt length fails cleanly instead of exhausting memory. */
  static final int MAX_FIELD_BYTES = 64 << 20;

  private static final int BUFFER_BYTES = 64 << 10;

  private RecordFormat() {}

  public static Writer writer(OutputStream out) {
    return new Writer(out);
  }

  public static Reader reader(InputStream in) {
    return new Reader(new BufferedInputStream(in, BUFFER_BYTES));
  }

  /**
   * Reads records from bytes already in memory, with no read buffer of its own: a reduce merging a thousand tiny
   * runs would otherwise allocate a 64 KiB buffer for each few KiB run.
   */
  public static Reader reader(byte[] bytes) {
    return new Reader(new Bytes(bytes));
  }

  /** Writes records through a buffer; {@link #close()} flushes and closes the underlying stream. */
  public static final class Writer implements Closeable {
    private final OutputStream out;
    private long records;

    private Writer(OutputStream out) {
      this.out = new BufferedOutputStream(out, BUFFER_BYTES);
    }

    public void write(byte[] key, byte[] value) throws IOException {
      Varint.write(out, key.length);
      out.write(key);
      Varint.write(out, value.length);
      out.write(value);
      records++;
    }

    /** Writes a record whose key and value are slices of arrays. */
    public void write(byte[] keys, int keyOffset, int keyLength, byte[] values, int valueOffset, int valueLength)
        throws IOException {
      Varint.write(out, keyLength);
      out.write(keys, keyOffset, keyLength);
      Varint.write(out, valueLength);
      out.write(values, valueOffset, valueLength);
      records++;
    }

    /** Records written so far. */
    public long records() {
      return records;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** Reads records through a buffer. */
  public static final class Reader implements RecordStream {
    private final InputStream in;
    private byte[] key;
    private byte[] value;

    private Reader(InputStream in) {
      this.in = in;
    }

    @Override
    public boolean next() throws IOException {
      long keyLength = Varint.read(in, true);
      if (keyLength < 0) {
        key = null;
        value = null;
        return false;
      }
      key = field(keyLength, "key");
      value = field(Varint.read(in, false), "value");
      return true;
    }

    private byte[] field(long length, String what) throws IOException {
      if (length > MAX_FIELD_BYTES) {
        throw new IOException(what + " of " + length + " bytes exceeds the limit of " + MAX_FIELD_BYTES);
      }
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length != length) {
        throw new EOFException("stream ended inside a " + what + " of " + length + " bytes");
      }
      return bytes;
    }

    @Override
    public byte[] key() {
      return key;
    }

    @Override
    public byte[] value() {
      return value;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** An array as a stream, without {@link java.io.ByteArrayInputStream}'s lock on every one-byte read. */
  private static final class Bytes extends InputStream {
    private final byte[] bytes;
    private int at;

    Bytes(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return at < bytes.length ? bytes[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (at >= bytes.length) {
        return -1;
      }
      int n = Math.min(length, bytes.length - at);
      System.arraycopy(bytes, at, buffer, offset, n);
      at += n;
      return n;
    }

    @Override
    public byte[] readNBytes(int length) {
      int n = Math.max(0, Math.min(length, bytes.length - at));
      byte[] slice = Arrays.copyOfRange(bytes, at, at + n);
      at += n;
      return slice;
    }
  }
}
