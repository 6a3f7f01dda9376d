package io.gristmill.local.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Generated input files with the edges word count must get right: words and lines across chunk edges, a line
 * longer than a chunk, non-ASCII and supplementary letters, invalid UTF-8, CRLF, no trailing newline, empty files.
 */
final class TestCorpus {

  private static final String[] VOCABULARY = {
      "the", "The", "THE", "mill", "Grist", "wheat", "flour", "river", "stone", "miller", "it's", "don't",
      "Café", "naïve", "Straße", "ÉCOLE", "Ωμέγα", "ΟΔΟΣ", "москва", "Київ", "東京", "日本語", "𐐀𐐨", "ǅemal",
      "x", "a1b2c3", "rock'n'roll", "e-mail", "U.S.A.", "ｆｕｌｌｗｉｄｔｈ", "Ａ", "😀smile", "İstanbul"};
  private static final String[] GAPS = {" ", " ", " ", ", ", ". ", "; ", " -- ", "\t", " (", ") ", " 42 ", "!"};

  private TestCorpus() {}

  /** File name to content; names are in upload order. */
  static Map<String, byte[]> files(int chunkSize, long seed) {
    Random random = new Random(seed);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("prose.txt", straddling(prose(random, chunkSize * 3 + 777), chunkSize));
    files.put("one-chunk-no-newline.txt", exactly(prose(random, chunkSize + 100), chunkSize));
    files.put("long-line.txt", longLine(random, chunkSize * 2 + 10));
    files.put("invalid-utf8-crlf.txt", invalidUtf8(random));
    files.put("empty.txt", new byte[0]);
    return files;
  }

  private static byte[] prose(Random random, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 256);
    int lineLength = 0;
    while (out.size() < size) {
      byte[] word = VOCABULARY[random.nextInt(VOCABULARY.length)].getBytes(StandardCharsets.UTF_8);
      out.writeBytes(word);
      lineLength += word.length;
      if (lineLength > 40 + random.nextInt(60)) {
        out.write('\n');
        lineLength = 0;
      } else {
        out.writeBytes(GAPS[random.nextInt(GAPS.length)].getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** Overwrites the bytes around every chunk edge with one long ASCII word, so a word straddles each edge. */
  private static byte[] straddling(byte[] text, int chunkSize) {
    byte[] word = " straddlingword ".getBytes(StandardCharsets.US_ASCII);
    for (int edge = chunkSize; edge + word.length < text.length; edge += chunkSize) {
      int start = edge - word.length / 2;
      // Step back to a character boundary so no multi-byte character is cut in half.
      while ((text[start] & 0xC0) == 0x80) {
        start--;
      }
      int end = start + word.length;
      while (end < text.length && (text[end] & 0xC0) == 0x80) {
        text[end++] = ' ';
      }
      System.arraycopy(word, 0, text, start, word.length);
    }
    return text;
  }

  /** Exactly {@code size} bytes ending in a letter: one full chunk and no trailing newline. */
  private static byte[] exactly(byte[] text, int size) {
    byte[] out = new byte[size];
    System.arraycopy(text, 0, out, 0, size);
    int i = size - 1;
    while (i >= 0 && (out[i] & 0x80) != 0) {
      out[i--] = 'q';
    }
    out[size - 1] = 'z';
    return out;
  }

  private static byte[] longLine(Random random, int size) {
    byte[] line = prose(random, size);
    for (int i = 0; i < line.length; i++) {
      if (line[i] == '\n') {
        line[i] = ' ';
      }
    }
    return line;
  }

  private static byte[] invalidUtf8(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      out.writeBytes(VOCABULARY[random.nextInt(VOCABULARY.length)].getBytes(StandardCharsets.UTF_8));
      switch (random.nextInt(5)) {
        case 0 -> out.write(0xFF);
        case 1 -> out.writeBytes(new byte[] {(byte) 0xE2, (byte) 0x82});
        case 2 -> out.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
        case 3 -> out.writeBytes(new byte[] {'\r', '\n'});
        default -> out.write(' ');
      }
    }
    return out.toByteArray();
  }
}
