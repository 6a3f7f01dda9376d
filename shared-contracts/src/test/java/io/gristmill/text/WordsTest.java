package io.gristmill.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Words.forEach(text, out::add);
    return out;
  }

  @Test
  void splitsOnEverythingButLettersAndLowerCases() {
    assertThat(words("Hello, World! it's 42nd-street\tO'Neil"))
        .containsExactly("hello", "world", "it", "s", "nd", "street", "o", "neil");
  }

  @Test
  void countsLettersOutsideTheBasicMultilingualPlane() {
    // U+10400 DESERET CAPITAL LETTER LONG I lower-cases to U+10428.
    assertThat(words("a\uD801\uDC00b c")).containsExactly("a\uD801\uDC28b", "c");
  }

  @Test
  void lowerCasesWholeWordsWithRootLocale() {
    assertThat(words("ΟΔΟΣ ÉCOLE İstanbul")).containsExactly("οδος", "école", "i̇stanbul");
  }

  @Test
  void replacesInvalidUtf8AndTreatsTheReplacementAsASeparator() {
    byte[] bytes = {'a', 'b', (byte) 0xFF, 'c', (byte) 0xE2, (byte) 0x82, 'd'};
    List<String> out = new ArrayList<>();
    Words.forEach(bytes, 0, bytes.length, out::add);
    assertThat(out).containsExactly("ab", "c", "d");
  }

  @Test
  void findsNoWordsInDigitsPunctuationOrEmptyText() {
    assertThat(words("")).isEmpty();
    assertThat(words("123 -- !!! \n")).isEmpty();
    assertThat(words("ÉÉ")).containsExactly("éé");
  }
}
