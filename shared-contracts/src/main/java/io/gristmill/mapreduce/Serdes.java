package io.gristmill.mapreduce;

import java.nio.charset.StandardCharsets;

/** The built-in {@link Serde}s. */
public final class Serdes {

  private static final Serde<String> UTF8 = new Serde<>() {
    @Override
    public byte[] toBytes(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String fromBytes(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  };

  private static final Serde<Long> LONG = new Serde<>() {
    @Override
    public byte[] toBytes(Long value) {
      // Big-endian with the sign bit flipped, so that unsigned byte order is numeric order.
      long v = value ^ Long.MIN_VALUE;
      byte[] bytes = new byte[8];
      for (int i = 7; i >= 0; i--) {
        bytes[i] = (byte) v;
        v >>>= 8;
      }
      return bytes;
    }

    @Override
    public Long fromBytes(byte[] bytes) {
      if (bytes.length != 8) {
        throw new IllegalArgumentException("a long takes 8 bytes, got " + bytes.length);
      }
      long v = 0;
      for (byte b : bytes) {
        v = v << 8 | (b & 0xff);
      }
      return v ^ Long.MIN_VALUE;
    }
  };

  private static final Serde<byte[]> BYTES = new Serde<>() {
    @Override
    public byte[] toBytes(byte[] value) {
      return value.clone();
    }

    @Override
    public byte[] fromBytes(byte[] bytes) {
      return bytes;
    }
  };

  private Serdes() {}

  /** Strings as UTF-8; keys sort in UTF-8 byte order (which is code point order). */
  public static Serde<String> utf8() {
    return UTF8;
  }

  /** Longs as 8 bytes big-endian with the sign bit flipped; keys sort numerically, negative ones first. */
  public static Serde<Long> longs() {
    return LONG;
  }

  /** Raw bytes, unchanged; keys sort in unsigned lexicographic order. */
  public static Serde<byte[]> bytes() {
    return BYTES;
  }
}
