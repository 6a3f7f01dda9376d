package io.gristmill.bench.corpus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes prose-like text: paragraphs of sentences of Zipf-drawn words, capitalised sentence starts, commas,
 * semicolons, quoted speech, numbers, hyphenated words and contractions, wrapped at about 72 columns with a blank
 * line between paragraphs. Deterministic for a seed; {@link #write} produces exactly the bytes asked for.
 */
final class ProseWriter {

  private static final int WRAP = 72;
  private static final byte[] HE = {'h', 'e'};
  private static final byte[] SAID = {'s', 'a', 'i', 'd', '.'};

  private final Vocabulary vocabulary;
  private final SplittableRandom random;
  private byte[] line = new byte[256];
  private int lineLength;

  ProseWriter(Vocabulary vocabulary, long seed) {
    this.vocabulary = vocabulary;
    this.random = new SplittableRandom(seed);
  }

  /** Writes exactly {@code size} bytes; the last one is a newline (unless size is 0). */
  void write(long size, OutputStream out) throws IOException {
    Sink sink = new Sink(out, size);
    while (sink.remaining() > 0) {
      paragraph(sink);
      sink.line(new byte[0], 0);
    }
  }

  private void paragraph(Sink sink) throws IOException {
    int sentences = 2 + random.nextInt(7);
    for (int s = 0; s < sentences && sink.remaining() > 0; s++) {
      sentence(sink);
    }
    flushLine(sink);
  }

  private void sentence(Sink sink) throws IOException {
    boolean quoted = random.nextInt(30) == 0;
    int words = 4 + random.nextInt(10) + random.nextInt(10);
    for (int w = 0; w < words; w++) {
      byte[] word = w == 0 || random.nextInt(50) == 0
          ? vocabulary.capitalised(vocabulary.sample(random)) : vocabulary.lower(vocabulary.sample(random));
      int extra = random.nextInt(200);
      byte[] token;
      if (extra == 0) {
        token = Integer.toString(1000 + random.nextInt(1000)).getBytes(StandardCharsets.US_ASCII);
      } else if (extra <= 2) {
        token = concat(word, (byte) '-', vocabulary.lower(vocabulary.sample(random)));
      } else if (extra == 3) {
        token = concat(word, (byte) '\'', new byte[] {'s'});
      } else {
        token = word;
      }
      if (w == 0 && quoted) {
        token = concat(new byte[0], (byte) '"', token);
      }
      byte punctuation = 0;
      if (w == words - 1) {
        int end = random.nextInt(100);
        punctuation = (byte) (end < 90 ? '.' : end < 97 ? '?' : '!');
      } else {
        int mid = random.nextInt(100);
        punctuation = (byte) (mid < 8 ? ',' : mid == 8 ? ';' : 0);
      }
      if (punctuation != 0) {
        token = Arrays.copyOf(token, token.length + 1);
        token[token.length - 1] = punctuation;
      }
      if (w == words - 1 && quoted) {
        token = Arrays.copyOf(token, token.length + 1);
        token[token.length - 1] = '"';
        append(sink, token);
        append(sink, HE);
        token = SAID;
      }
      append(sink, token);
    }
  }

  private void append(Sink sink, byte[] token) throws IOException {
    if (lineLength > 0 && lineLength + 1 + token.length > WRAP) {
      flushLine(sink);
    }
    if (lineLength + token.length + 1 > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + token.length + 1));
    }
    if (lineLength > 0) {
      line[lineLength++] = ' ';
    }
    System.arraycopy(token, 0, line, lineLength, token.length);
    lineLength += token.length;
  }

  private void flushLine(Sink sink) throws IOException {
    if (lineLength > 0) {
      sink.line(line, lineLength);
      lineLength = 0;
    }
  }

  private static byte[] concat(byte[] a, byte separator, byte[] b) {
    byte[] out = new byte[a.length + 1 + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    out[a.length] = separator;
    System.arraycopy(b, 0, out, a.length + 1, b.length);
    return out;
  }

  /** Counts down the bytes still to write and ends the text exactly at its size, with a newline. */
  private static final class Sink {
    private final OutputStream out;
    private long remaining;

    Sink(OutputStream out, long size) {
      this.out = out;
      this.remaining = size;
    }

    long remaining() {
      return remaining;
    }

    /** Writes a line and its newline, or, at the end, as much of it as fits (never half a character). */
    void line(byte[] bytes, int length) throws IOException {
      if (remaining <= 0) {
        return;
      }
      if (length + 1 <= remaining) {
        out.write(bytes, 0, length);
        out.write('\n');
        remaining -= length + 1;
        return;
      }
      int cut = (int) remaining - 1;
      while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
        cut--; // inside a multi-byte character: cut before it and pad with spaces instead
      }
      out.write(bytes, 0, cut);
      for (long pad = remaining - 1 - cut; pad > 0; pad--) {
        out.write(' ');
      }
      out.write('\n');
      remaining = 0;
    }
  }
}
