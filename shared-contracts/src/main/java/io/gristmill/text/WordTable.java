package io.gristmill.text;

import java.util.Arrays;

/**
 * Counts per word, keyed by the word's bytes with ASCII letters lower-cased, in an open-addressing table (linear
 * probing, power-of-two capacity, at most half full). Keys live back to back in one byte arena and counts in a
 * {@code long[]}, so counting a word already seen allocates nothing. {@link #memoryBytes} tells what the arrays
 * take, for callers that empty the table at a bound. Not thread-safe: each thread counts into its own table.
 *
 * <p>A word spelled with other upper-case letters (say {@code ÉCOLE} and {@code école}) is two entries here:
 * {@link Utf8Words#lowerCase} turns both into the same output word, which the caller must then add up.
 */
public final class WordTable implements Utf8Words.WordSink {

  private static final int INITIAL_ENTRIES = 1024;
  private static final int INITIAL_ARENA = 1 << 14;

  private int[] slots; // entry index + 1, 0 = empty
  private int mask;
  private int[] hashes = new int[INITIAL_ENTRIES];
  private int[] offsets = new int[INITIAL_ENTRIES];
  private int[] lengths = new int[INITIAL_ENTRIES];
  private long[] counts = new long[INITIAL_ENTRIES];
  private byte[] arena = new byte[INITIAL_ARENA];
  private int arenaUsed;
  private int size;

  public WordTable() {
    slots = new int[INITIAL_ENTRIES * 2];
    mask = slots.length - 1;
  }

  /** Distinct keys held. */
  public int size() {
    return size;
  }

  /** Bytes of the table's arrays: what it holds on the heap, give or take a few object headers. */
  public long memoryBytes() {
    return 4L * slots.length + 20L * hashes.length + arena.length;
  }

  /** Counts one more of a word {@link Utf8Words#forEach} found: the {@link WordTable}'s own sink. */
  @Override
  public void word(byte[] buf, int start, int length, int hash) {
    add(buf, start, length, hash, 1, true);
  }

  /**
   * Adds {@code count} to the word {@code buf[from, from + length)}. With {@code foldAscii}, ASCII bytes are
   * lower-cased on the way (they are letters in a word, so {@code | 0x20} does it); {@code hash} is always over
   * the folded bytes, as {@link Utf8Words#forEach} computes it.
   */
  public void add(byte[] buf, int from, int length, int hash, long count, boolean foldAscii) {
    int i = hash & mask;
    while (true) {
      int slot = slots[i];
      if (slot == 0) {
        insert(i, buf, from, length, hash, count, foldAscii);
        return;
      }
      int e = slot - 1;
      if (hashes[e] == hash && lengths[e] == length && equal(e, buf, from, length, foldAscii)) {
        counts[e] += count;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds every entry of {@code other} to this table. */
  public void addAll(WordTable other) {
    for (int e = 0; e < other.size; e++) {
      add(other.arena, other.offsets[e], other.lengths[e], other.hashes[e], other.counts[e], false);
    }
  }

  /** Forgets every entry but keeps the arrays, so a table emptied at a bound does not grow again. */
  public void clear() {
    Arrays.fill(slots, 0);
    size = 0;
    arenaUsed = 0;
  }

  /** Calls {@code visitor} once per entry, in no particular order, with the arena holding its key. */
  public void forEach(EntryVisitor visitor) {
    for (int e = 0; e < size; e++) {
      visitor.visit(arena, offsets[e], lengths[e], counts[e]);
    }
  }

  /** One entry: its key is {@code arena[offset, offset + length)}, valid only during the call. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(byte[] arena, int offset, int length, long count);
  }

  /** Adds {@code count} to a key given without its hash, its ASCII letters already lower-cased. */
  public void add(byte[] key, long count) {
    add(key, 0, key.length, Utf8Words.hash(key, 0, key.length), count, false);
  }

  private boolean equal(int e, byte[] buf, int from, int length, boolean foldAscii) {
    int off = offsets[e];
    if (!foldAscii) {
      return Arrays.equals(arena, off, off + length, buf, from, from + length);
    }
    for (int k = 0; k < length; k++) {
      if (arena[off + k] != fold(buf[from + k])) {
        return false;
      }
    }
    return true;
  }

  private void insert(int slotIndex, byte[] buf, int from, int length, int hash, long count, boolean foldAscii) {
    if (size == hashes.length) {
      int n = size * 2;
      hashes = Arrays.copyOf(hashes, n);
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
      counts = Arrays.copyOf(counts, n);
    }
    if (arenaUsed + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    for (int k = 0; k < length; k++) {
      arena[arenaUsed + k] = foldAscii ? fold(buf[from + k]) : buf[from + k];
    }
    int e = size++;
    hashes[e] = hash;
    offsets[e] = arenaUsed;
    lengths[e] = length;
    counts[e] = count;
    arenaUsed += length;
    slots[slotIndex] = e + 1;
    if (size * 2 > slots.length) {
      grow();
    }
  }

  private void grow() {
    slots = new int[slots.length * 2];
    mask = slots.length - 1;
    for (int e = 0; e < size; e++) {
      int i = hashes[e] & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = e + 1;
    }
  }

  private static byte fold(byte b) {
    return b >= 0 ? (byte) (b | 0x20) : b;
  }
}
