package io.gristmill.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link Words}' semantics straight on UTF-8 bytes, for hot loops: no decoding to chars and no {@code String} per
 * word. ASCII letters take a fast path; other bytes are decoded as strict UTF-8, as the JDK's replacing decoder
 * does, and a sequence it would replace by U+FFFD (not a letter) separates words. Each word is passed as a slice
 * of the input, its ASCII letters still as written; {@link #lowerCase} gives the word {@link Words} would yield.
 * Because {@code '\n'} and every other ASCII byte never occur inside a multi-byte sequence, any range that starts
 * and ends at an ASCII non-letter (a line, for one) yields the same words as the whole text around it.
 */
public final class Utf8Words {

  /** Receives each word of a range, in order. */
  @FunctionalInterface
  public interface WordSink {

    /**
     * @param hash {@link #mix mixed} rolling hash of the word's bytes with ASCII letters lower-cased, the hash
     *     {@link WordTable} keys words by
     */
    void word(byte[] buf, int start, int length, int hash);
  }

  private static final boolean[] ASCII_LETTER = new boolean[128];
  /** {@link Character#isLetter(int)} for the Basic Multilingual Plane, one bit per code point. */
  private static final long[] BMP_LETTER = new long[1 << 10];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII_LETTER[c] = Character.isLetter(c);
    }
    for (int cp = 0; cp < 0x10000; cp++) {
      if (Character.isLetter(cp)) {
        BMP_LETTER[cp >>> 6] |= 1L << cp;
      }
    }
  }

  private Utf8Words() {}

  /** Passes every word of {@code buf[from, to)} to {@code sink}; the range must not cut a word or a UTF-8 sequence. */
  public static void forEach(byte[] buf, int from, int to, WordSink sink) {
    int i = from;
    while (i < to) {
      byte b = buf[i];
      if (b >= 0) {
        if (!ASCII_LETTER[b]) {
          i++;
          continue;
        }
      } else {
        int len = letterLength(buf, i, to);
        if (len <= 0) {
          i += len == 0 ? 1 : -len;
          continue;
        }
      }
      int start = i;
      int h = 0;
      while (i < to) {
        b = buf[i];
        if (b >= 0) {
          if (!ASCII_LETTER[b]) {
            break;
          }
          h = h * 31 + (b | 0x20);
          i++;
        } else {
          int len = letterLength(buf, i, to);
          if (len <= 0) {
            break;
          }
          for (int k = 0; k < len; k++) {
            h = h * 31 + buf[i + k];
          }
          i += len;
        }
      }
      sink.word(buf, start, i - start, mix(h));
    }
  }

  /**
   * The word as {@link Words} yields it, in UTF-8: ASCII letters lower-cased byte by byte, and a word with other
   * letters decoded and lower-cased as a whole with {@link Locale#ROOT} (so the Greek final sigma comes out right).
   * {@code length} bytes from {@code start} must be one word as {@link #forEach} passes it, with or without its
   * ASCII letters lower-cased already.
   */
  public static byte[] lowerCase(byte[] buf, int start, int length) {
    byte[] word = Arrays.copyOfRange(buf, start, start + length);
    boolean ascii = true;
    for (int k = 0; k < length; k++) {
      byte b = word[k];
      if (b >= 0) {
        word[k] = (byte) (b | 0x20);
      } else {
        ascii = false;
      }
    }
    return ascii ? word : new String(word, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code b} is an ASCII letter; every other ASCII byte separates words. */
  public static boolean isAsciiLetter(byte b) {
    return b >= 0 && ASCII_LETTER[b];
  }

  /** The finaliser of MurmurHash3, so that similar words spread over an open-addressing table. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  /** The hash {@link #forEach} gives a word, over bytes whose ASCII letters are already lower-case. */
  static int hash(byte[] buf, int from, int length) {
    int h = 0;
    for (int k = 0; k < length; k++) {
      h = h * 31 + buf[from + k];
    }
    return mix(h);
  }

  /**
   * At a byte >= 0x80: the length of the well-formed UTF-8 sequence there if it encodes a letter, minus its
   * length if it encodes anything else, or 0 if it is malformed (overlong, a surrogate, above U+10FFFF, cut
   * short), in which case the decoder would replace at least this byte and none that could start a character.
   */
  private static int letterLength(byte[] buf, int i, int to) {
    int b0 = buf[i] & 0xFF;
    if (b0 < 0xC2) {
      return 0; // a continuation byte, or a lead byte of an overlong 2-byte form
    }
    if (b0 < 0xE0) {
      if (i + 1 >= to || !continuation(buf[i + 1])) {
        return 0;
      }
      int cp = (b0 & 0x1F) << 6 | (buf[i + 1] & 0x3F);
      return bmpLetter(cp) ? 2 : -2;
    }
    if (b0 < 0xF0) {
      if (i + 2 >= to) {
        return 0;
      }
      int b1 = buf[i + 1] & 0xFF;
      int low = b0 == 0xE0 ? 0xA0 : 0x80;
      int high = b0 == 0xED ? 0x9F : 0xBF;
      if (b1 < low || b1 > high || !continuation(buf[i + 2])) {
        return 0;
      }
      int cp = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (buf[i + 2] & 0x3F);
      return bmpLetter(cp) ? 3 : -3;
    }
    if (b0 > 0xF4 || i + 3 >= to) {
      return 0;
    }
    int b1 = buf[i + 1] & 0xFF;
    int low = b0 == 0xF0 ? 0x90 : 0x80;
    int high = b0 == 0xF4 ? 0x8F : 0xBF;
    if (b1 < low || b1 > high || !continuation(buf[i + 2]) || !continuation(buf[i + 3])) {
      return 0;
    }
    int cp = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (buf[i + 2] & 0x3F) << 6 | (buf[i + 3] & 0x3F);
    return Character.isLetter(cp) ? 4 : -4;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static boolean bmpLetter(int cp) {
    return (BMP_LETTER[cp >>> 6] & (1L << cp)) != 0;
  }
}
