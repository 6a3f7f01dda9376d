package io.gristmill.worker.record;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
    return new Reader(in);
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
      this.in = new BufferedInputStream(in, BUFFER_BYTES);
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
}
