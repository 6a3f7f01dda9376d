package io.gristmill.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashPartitionerTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void hashesWithMurmur3X86Of32BitsAndSeedZero() {
    // Published test vectors of MurmurHash3_x86_32 with seed 0.
    assertThat(HashPartitioner.murmur3(new byte[0])).isEqualTo(0);
    assertThat(HashPartitioner.murmur3(utf8("hello"))).isEqualTo(0x248bfa47);
    assertThat(HashPartitioner.murmur3(utf8("The quick brown fox jumps over the lazy dog"))).isEqualTo(0x2e4ff723);
  }

  @Test
  void agreesWithAnIndependentImplementationOnRandomKeys() {
    Random random = new Random(11);
    for (int i = 0; i < 2_000; i++) {
      byte[] key = new byte[random.nextInt(40)];
      random.nextBytes(key);
      assertThat(HashPartitioner.murmur3(key)).isEqualTo(Hashing.murmur3_32_fixed().hashBytes(key).asInt());
    }
  }

  @Test
  void assignsWordsToTheSamePartitionsForever() {
    // Frozen: a change would send a word to two reducers of one job when workers of two versions meet.
    String[] words = {"the", "hello", "world", "école", "日本", ""};
    int[] partitions = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      partitions[i] = HashPartitioner.partition(utf8(words[i]), 7);
    }
    assertThat(partitions).containsExactly(2, 6, 2, 0, 1, 0);
    assertThat(HashPartitioner.murmur3(utf8("école"))).isEqualTo(0x78528772);
  }

  @Test
  void keepsEveryPartitionInRangeEvenForNegativeHashes() {
    Random random = new Random(5);
    boolean sawNegative = false;
    for (int i = 0; i < 1_000; i++) {
      byte[] key = new byte[8];
      random.nextBytes(key);
      sawNegative |= HashPartitioner.murmur3(key) < 0;
      assertThat(HashPartitioner.partition(key, 3)).isBetween(0, 2);
    }
    assertThat(sawNegative).isTrue();
  }

  @Test
  void rejectsANonPositiveNumberOfPartitions() {
    assertThatThrownBy(() -> HashPartitioner.partition(new byte[1], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the number of partitions must be positive, got 0");
  }
}
