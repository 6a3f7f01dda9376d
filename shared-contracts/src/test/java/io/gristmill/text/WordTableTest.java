package io.gristmill.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WordTableTest {

  private static Map<String, Long> contents(WordTable table) {
    Map<String, Long> result = new TreeMap<>();
    table.forEach((arena, offset, length, count) ->
        result.merge(new String(arena, offset, length, StandardCharsets.UTF_8), count, Long::sum));
    return result;
  }

  private static void count(WordTable table, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Utf8Words.forEach(bytes, 0, bytes.length, table);
  }

  @Test
  void countsWordsKeyedByTheirBytesWithAsciiLettersLowerCased() {
    WordTable table = new WordTable();

    count(table, "The the THE École école ÉCOLE tHe");

    assertThat(contents(table)).containsExactly(
        Map.entry("the", 4L), Map.entry("École", 2L), Map.entry("école", 1L));
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void tellsApartLongWordsThatShareTheirFirstEightBytes() {
    WordTable table = new WordTable();

    count(table, "internationalisation INTERNATIONALIZATION internationalization internat Internat internatio");
    table.add("internationalisation".getBytes(StandardCharsets.US_ASCII), 10);

    assertThat(contents(table)).containsExactly(Map.entry("internat", 2L), Map.entry("internatio", 1L),
        Map.entry("internationalisation", 11L), Map.entry("internationalization", 2L));
  }

  @Test
  void keepsExactCountsOfManyDistinctWordsAsItGrows() {
    WordTable table = new WordTable();
    Map<String, Long> expected = new HashMap<>();
    Random random = new Random(3);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 300_000; i++) {
      String word = Integer.toString(random.nextInt(100_000), 26).replaceAll("[0-9]", "x").replace('a', 'z')
          + (random.nextBoolean() ? "q" : "quitelongsuffix");
      expected.merge(word, 1L, Long::sum);
      text.append(word).append(' ');
    }
    long before = table.memoryBytes();

    count(table, text.toString());

    assertThat(contents(table)).isEqualTo(new TreeMap<>(expected));
    assertThat(table.memoryBytes()).isGreaterThan(before);
  }

  @Test
  void addsTablesAndKeysTogetherAndForgetsEverythingOnClearWithoutShrinking() {
    WordTable a = new WordTable();
    WordTable b = new WordTable();
    count(a, "alpha beta beta");
    count(b, "beta gamma");

    a.addAll(b);
    a.add("gamma".getBytes(StandardCharsets.US_ASCII), 5);

    assertThat(contents(a)).containsExactly(Map.entry("alpha", 1L), Map.entry("beta", 3L), Map.entry("gamma", 6L));
    long memory = a.memoryBytes();
    a.clear();
    assertThat(a.size()).isZero();
    assertThat(contents(a)).isEmpty();
    assertThat(a.memoryBytes()).isEqualTo(memory);
    count(a, "beta");
    assertThat(contents(a)).containsExactly(Map.entry("beta", 1L));
  }
}
