package io.gristmill.bench.reference;

import io.gristmill.text.WordTable;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A word count's result in the platform's output order (words by their UTF-8 bytes, unsigned). */
public final class WordCounts {

  private final byte[][] words;
  private final long[] counts;

  private WordCounts(byte[][] words, long[] counts) {
    this.words = words;
    this.counts = counts;
  }

  static WordCounts sorted(WordTable table) {
    int n = table.size();
    byte[][] unsortedWords = new byte[n][];
    long[] unsortedCounts = new long[n];
    int[] at = {0};
    table.forEach((arena, offset, length, count) -> {
      unsortedWords[at[0]] = Arrays.copyOfRange(arena, offset, offset + length);
      unsortedCounts[at[0]++] = count;
    });
    Integer[] order = new Integer[n];
    for (int e = 0; e < n; e++) {
      order[e] = e;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(unsortedWords[a], unsortedWords[b]));
    byte[][] words = new byte[n][];
    long[] counts = new long[n];
    for (int i = 0; i < n; i++) {
      words[i] = unsortedWords[order[i]];
      counts[i] = unsortedCounts[order[i]];
    }
    return new WordCounts(words, counts);
  }

  public int distinct() {
    return words.length;
  }

  public long total() {
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    return sum;
  }

  /** Lines {@code word<TAB>count\n}, exactly as {@code GET /api/v1/jobs/{id}/output} answers. */
  public void writeTo(OutputStream out) throws IOException {
    for (int i = 0; i < words.length; i++) {
      out.write(words[i]);
      out.write('\t');
      out.write(Long.toString(counts[i]).getBytes(StandardCharsets.US_ASCII));
      out.write('\n');
    }
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public void writeTo(Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      writeTo(out);
    }
  }
}
