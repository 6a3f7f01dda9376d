package io.gristmill.bench.reference;

import java.util.Arrays;

/**
 * Counts per word, keyed by the word's bytes, in an open-addressing table (linear probing, power-of-two
 * capacity, at most half full). Keys live back to back in one byte arena, so counting a word already seen
 * allocates nothing. Not thread-safe: each thread counts into its own table.
 */
final class WordTable {

  private int[] slots; // entry index + 1, 0 = empty
  private int mask;
  private int[] hashes = new int[1024];
  private int[] offsets = new int[1024];
  private int[] lengths = new int[1024];
  private long[] counts = new long[1024];
  private byte[] arena = new byte[1 << 16];
  private int arenaUsed;
  private int size;

  WordTable() {
    slots = new int[1 << 12];
    mask = slots.length - 1;
  }

  int size() {
    return size;
  }

  /**
   * Adds {@code count} to the word {@code buf[from, from + length)}. With {@code foldAscii}, ASCII bytes are
   * lower-cased on the way (they are letters in a word, so {@code | 0x20} does it) and {@code hash} must have
   * been computed over the folded bytes.
   */
  void add(byte[] buf, int from, int length, int hash, long count, boolean foldAscii) {
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

  static byte fold(byte b) {
    return b >= 0 ? (byte) (b | 0x20) : b;
  }

  /** The hash every caller uses, over bytes as they are stored: a multiplicative rolling hash, then mixed. */
  static int hash(byte[] buf, int from, int length) {
    int h = 0;
    for (int k = 0; k < length; k++) {
      h = h * 31 + buf[from + k];
    }
    return mix(h);
  }

  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  /** Calls {@code visitor} once per entry, with the arena holding its key. */
  void forEach(EntryVisitor visitor) {
    for (int e = 0; e < size; e++) {
      visitor.visit(arena, offsets[e], lengths[e], hashes[e], counts[e]);
    }
  }

  byte[] arena() {
    return arena;
  }

  int offset(int e) {
    return offsets[e];
  }

  int length(int e) {
    return lengths[e];
  }

  long count(int e) {
    return counts[e];
  }

  interface EntryVisitor {
    void visit(byte[] arena, int offset, int length, int hash, long count);
  }
}
