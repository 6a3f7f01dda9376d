package io.gristmill.mapreduce;

/**
 * The default {@link Partitioner}: {@code Math.floorMod(murmur3_32(keyBytes), partitions)}, where murmur3_32 is
 * Austin Appleby's MurmurHash3 x86 32-bit with seed 0 over the key's serialized bytes (for a UTF-8 string key, its
 * UTF-8). Every worker must agree on this for all time within a job, since a reducer only fetches its own
 * partition from every map output; it is written out here rather than borrowed from a library so that no upgrade
 * can change it. The local runner uses the same function, so a job partitions alike in a test and on the platform.
 */
public final class HashPartitioner implements Partitioner<Object> {

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  @Override
  public int partition(Object key, byte[] keyBytes, int partitions) {
    return partition(keyBytes, partitions);
  }

  /** The partition of a key given by its bytes, in {@code [0, partitions)}. */
  public static int partition(byte[] keyBytes, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("the number of partitions must be positive, got " + partitions);
    }
    return Math.floorMod(murmur3(keyBytes), partitions);
  }

  /** MurmurHash3_x86_32 with seed 0. */
  public static int murmur3(byte[] data) {
    int h = 0;
    int blocks = data.length / 4;
    for (int i = 0; i < blocks; i++) {
      int k = (data[4 * i] & 0xff)
          | (data[4 * i + 1] & 0xff) << 8
          | (data[4 * i + 2] & 0xff) << 16
          | (data[4 * i + 3] & 0xff) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int tail = blocks * 4;
    int k = 0;
    switch (data.length & 3) {
      case 3:
        k ^= (data[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        k ^= (data[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        k ^= data[tail] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }
}
