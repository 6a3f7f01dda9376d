package io.gristmill.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SortedRunMergerTest {

  @Test
  void mergesSortedRunsIntoTheSortedUnion() throws IOException {
    String merged = merge(Long.MAX_VALUE,
        "apple\t3\ncherry\t1\nzebra\t9\n",
        "banana\t2\ndate\t5\n",
        "",
        "aardvark\t1\nyak\t4\n");

    assertThat(merged).isEqualTo(
        "aardvark\t1\napple\t3\nbanana\t2\ncherry\t1\ndate\t5\nyak\t4\nzebra\t9\n");
  }

  @Test
  void ordersKeysByUtf8BytesNotByUtf16() throws IOException {
    // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16 (FF21 > D83D).
    String fullwidthA = "\uFF21";
    String grinning = new String(Character.toChars(0x1F600));
    assertThat(fullwidthA.compareTo(grinning)).isPositive();

    String merged = merge(Long.MAX_VALUE,
        grinning + "\t1\n",
        "z\t2\n" + fullwidthA + "\t3\n",
        "\u00e9t\u00e9\t4\n");

    assertThat(merged).isEqualTo("z\t2\n\u00e9t\u00e9\t4\n" + fullwidthA + "\t3\n" + grinning + "\t1\n");
  }

  @Test
  void comparesOnlyTheKeyBeforeTheTab() throws IOException {
    // "a" < "a b" even though the whole line "a\t9" > "a b\t1" would compare TAB (0x09) against space (0x20).
    String merged = merge(Long.MAX_VALUE, "a b\t1\n", "a\t9\n");

    assertThat(merged).isEqualTo("a\t9\na b\t1\n");
  }

  @Test
  void equalsTheSortedUnionOfManyRandomRuns() throws IOException {
    Random random = new Random(42);
    List<String> all = new ArrayList<>();
    String[] runs = new String[7];
    for (int r = 0; r < runs.length; r++) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        keys.add(randomWord(random) + "-" + r + "-" + i);
      }
      keys.sort(SortedRunMergerTest::utf8Order);
      all.addAll(keys.stream().map(key -> key + "\t" + key.length()).toList());
      runs[r] = keys.stream().map(key -> key + "\t" + key.length() + "\n").collect(Collectors.joining());
    }
    all.sort((a, b) -> utf8Order(a.substring(0, a.indexOf('\t')), b.substring(0, b.indexOf('\t'))));

    assertThat(merge(Long.MAX_VALUE, runs)).isEqualTo(String.join("\n", all) + "\n");
  }

  @Test
  void stopsAfterTheLimit() throws IOException {
    assertThat(merge(2, "a\t1\nc\t3\n", "b\t2\n")).isEqualTo("a\t1\nb\t2\n");
    assertThat(merge(0, "a\t1\n")).isEmpty();
  }

  @Test
  void endsTheLastLineOfARunAndSkipsBlankLines() throws IOException {
    assertThat(merge(Long.MAX_VALUE, "a\t1\n\nc\t3", "b\t2")).isEqualTo("a\t1\nb\t2\nc\t3\n");
  }

  @Test
  void keepsLongLinesWhole() throws IOException {
    String longKey = "k".repeat(10_000);

    assertThat(merge(Long.MAX_VALUE, longKey + "\t1\n", "a\t2\n")).isEqualTo("a\t2\n" + longKey + "\t1\n");
  }

  private static String merge(long limit, String... runs) throws IOException {
    List<InputStream> inputs = Stream.of(runs)
        .map(run -> (InputStream) new ByteArrayInputStream(run.getBytes(StandardCharsets.UTF_8)))
        .toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long lines = SortedRunMerger.merge(inputs, out, limit);
    String merged = out.toString(StandardCharsets.UTF_8);
    assertThat(lines).isEqualTo(merged.chars().filter(c -> c == '\n').count());
    return merged;
  }

  private static int utf8Order(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomWord(Random random) {
    int[] alphabet = {'a', 'q', 'z', 0xE9, 0x3B1, 0x4E2D, 0xFF21, 0x1F600, 0x10400};
    StringBuilder word = new StringBuilder();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      word.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return word.toString();
  }
}
