package io.gristmill.text;

import java.util.Arrays;

/**
 * Counts per word, keyed by the word's bytes with ASCII letters lower-cased, in an open-addressing table (linear
 * probing, power-of-two capacity, at most half full). Keys live back to back in one byte arena; each entry's
 * offset, length, count and first 8 key bytes are adjacent longs, so counting a word already seen allocates
 * nothing. {@link #memoryBytes} tells what the arrays
 * take, for callers that empty the table at a bound. Not thread-safe: each thread counts into its own table.
 *
 * <p>A word spelled with other upper-case letters (say {@code ÉCOLE} and {@code école}) is two entries here:
 * {@link Utf8Words#lowerCase} turns both into the same output word, which the caller must then add up.
 */
public final class WordTable implements Utf8Words.WordSink {

  private static final int INITIAL_ENTRIES = 1024;
  private static final int INITIAL_ARENA = 1 << 14;

  /** Longs per entry: the key's arena offset (high half) and length (low half), its count, its first 8 bytes. */
  private static final int ENTRY = 3;

  /**
   * Slot: the key's hash in the high half and its entry index + 1 in the low half, 0 = empty. A probe compares
   * hashes without touching any other array, and a hit then reads one entry, which holds a key of up to 8 bytes
   * whole: two cache lines per common word, where parallel arrays of hashes, offsets, lengths and counts and the
   * key bytes took six (profiles of the worker had the first touch of the key bytes at 63%, then with the slot
   * and entry packed still 44%, of its samples: the table does not fit the cache, so each line is a wait).
   */
  private long[] slots;
  private int mask;
  private long[] entries = new long[ENTRY * INITIAL_ENTRIES];
  private byte[] arena = new byte[INITIAL_ARENA];
  private int arenaUsed;
  private int size;

  public WordTable() {
    slots = new long[INITIAL_ENTRIES * 2];
    mask = slots.length - 1;
  }

  /** Distinct keys held. */
  public int size() {
    return size;
  }

  /** Bytes of the table's arrays: what it holds on the heap, give or take a few object headers. */
  public long memoryBytes() {
    return 8L * slots.length + 8L * entries.length + arena.length;
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
    long tag = (long) hash << 32;
    int i = hash & mask;
    while (true) {
      long slot = slots[i];
      if (slot == 0) {
        insert(i, buf, from, length, tag, count, foldAscii);
        return;
      }
      if ((slot & 0xFFFFFFFF00000000L) == tag) {
        int e = ENTRY * ((int) slot - 1);
        long key = entries[e];
        if ((int) key == length && entries[e + 2] == head(buf, from, length, foldAscii)
            && (length <= Long.BYTES || equalTail((int) (key >>> 32), buf, from, length, foldAscii))) {
          entries[e + 1] += count;
          return;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds {@code count} to a key given without its hash, its ASCII letters already lower-cased. */
  public void add(byte[] key, long count) {
    add(key, 0, key.length, Utf8Words.hash(key, 0, key.length), count, false);
  }

  /** Adds every entry of {@code other} to this table. */
  public void addAll(WordTable other) {
    for (long slot : other.slots) {
      if (slot != 0) {
        int e = ENTRY * ((int) slot - 1);
        long key = other.entries[e];
        add(other.arena, (int) (key >>> 32), (int) key, (int) (slot >>> 32), other.entries[e + 1], false);
      }
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
    for (int e = 0; e < ENTRY * size; e += ENTRY) {
      long key = entries[e];
      visitor.visit(arena, (int) (key >>> 32), (int) key, entries[e + 1]);
    }
  }

  /** One entry: its key is {@code arena[offset, offset + length)}, valid only during the call. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(byte[] arena, int offset, int length, long count);
  }

  /** The first 8 bytes of a key (fewer: zeros after), little-endian, as the table stores them. */
  private static long head(byte[] buf, int from, int length, boolean foldAscii) {
    long head = 0;
    for (int k = Math.min(length, Long.BYTES) - 1; k >= 0; k--) {
      byte b = buf[from + k];
      head = head << 8 | ((foldAscii ? fold(b) : b) & 0xFF);
    }
    return head;
  }

  /** Whether the key's bytes after its first 8 equal the stored ones. */
  private boolean equalTail(int offset, byte[] buf, int from, int length, boolean foldAscii) {
    if (!foldAscii) {
      return Arrays.equals(arena, offset + Long.BYTES, offset + length, buf, from + Long.BYTES, from + length);
    }
    for (int k = Long.BYTES; k < length; k++) {
      if (arena[offset + k] != fold(buf[from + k])) {
        return false;
      }
    }
    return true;
  }

  private void insert(int slotIndex, byte[] buf, int from, int length, long tag, long count, boolean foldAscii) {
    if (ENTRY * size == entries.length) {
      entries = Arrays.copyOf(entries, entries.length * 2);
    }
    if (arenaUsed + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    for (int k = 0; k < length; k++) {
      arena[arenaUsed + k] = foldAscii ? fold(buf[from + k]) : buf[from + k];
    }
    int e = size++;
    entries[ENTRY * e] = (long) arenaUsed << 32 | length;
    entries[ENTRY * e + 1] = count;
    entries[ENTRY * e + 2] = head(buf, from, length, foldAscii);
    arenaUsed += length;
    slots[slotIndex] = tag | (e + 1);
    if (size * 2 > slots.length) {
      grow();
    }
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    mask = slots.length - 1;
    for (long slot : old) {
      if (slot != 0) {
        int i = (int) (slot >>> 32) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = slot;
      }
    }
  }

  private static byte fold(byte b) {
    return b >= 0 ? (byte) (b | 0x20) : b;
  }
}
