package io.gristmill.bench.reference;

/**
 * The platform's word semantics ({@code io.gristmill.text.Words}) straight on UTF-8 bytes, without decoding to
 * chars or making a {@code String} per word. ASCII letters take a fast path; other bytes are decoded as strict
 * UTF-8, as the JDK's replacing decoder does, and a sequence it would replace by U+FFFD (not a letter) separates
 * words. Words are counted with their ASCII letters lower-cased and their other bytes as they are; {@link
 * ReferenceWordCount} lower-cases those few distinct non-ASCII words as whole strings at the end.
 */
final class ByteTokeniser {

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

  private ByteTokeniser() {}

  /** Counts every word of {@code buf[from, to)} into {@code table}; the range must not cut a word. */
  static void count(byte[] buf, int from, int to, WordTable table) {
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
      table.add(buf, start, i - start, WordTable.mix(h), 1, true);
    }
  }

  /**
   * At a byte >= 0x80: the length of the well-formed UTF-8 sequence there if it encodes a letter, minus its
   * length if it encodes anything else, or 0 if it is malformed (overlong, a surrogate, above U+10FFFF, cut
   * short), in which case the decoder would replace at least this byte and none that could start a character.
   */
  static int letterLength(byte[] buf, int i, int to) {
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

  static boolean isAsciiLetter(byte b) {
    return b >= 0 && ASCII_LETTER[b];
  }
}
