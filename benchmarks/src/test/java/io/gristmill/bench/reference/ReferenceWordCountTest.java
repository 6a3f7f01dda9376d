package io.gristmill.bench.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.text.Words;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceWordCountTest {

  @TempDir
  Path dir;

  /** Text where a byte-level tokeniser is most likely to part from the platform's decode-then-split semantics. */
  static byte[] tricky() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    text(b, "The the THE tHe, don't stop; abc123def under_score\r\nCRLF line\r\n");
    text(b, "ΟΔΟΣ οδός ΣΊΣΥΦΟΣ σίσυφος Σ\n");                       // Greek, final sigma of the whole word
    text(b, "İstanbul ISTANBUL \u212Aelvin kelvin KELVIN\n");       // İ lower-cases to two code points; Kelvin sign to 'k'
    text(b, "\uD801\uDC00\uD801\uDC01 \uD801\uDC28\uD801\uDC29 \uD835\uDC00\uD835\uDC01x\n"); // Deseret, math bold
    text(b, "naïve café cafe\u0301 ǅungla ǄUNGLA straße STRASSE ÅNGSTRÖM\n"); // combining accent separates
    text(b, "日本語テキスト 中文 한국어 مرحبا עברית\n");
    bytes(b, 'a', 'b', 0xFF, 'c', 'd', ' ');                     // invalid byte inside a word
    bytes(b, 'x', 0xC3, '(', 'y', ' ');                          // truncated 2-byte sequence
    bytes(b, 0xC0, 0xAF, 's', 'l', 'a', 's', 'h', ' ');          // overlong '/'
    bytes(b, 0xED, 0xA0, 0x80, 'w', 'o', 'r', 'd', ' ');         // encoded surrogate
    bytes(b, 0xF4, 0x90, 0x80, 0x80, 'b', 'i', 'g', ' ');        // above U+10FFFF
    bytes(b, 0xE0, 0x80, 0x80, 'o', 'v', 'e', 'r', ' ');         // overlong 3-byte
    bytes(b, 0xF0, 0x80, 0x80, 0x80, 'f', 'o', 'u', 'r', ' ');   // overlong 4-byte
    bytes(b, 0xC3, 0xA9, 0x80, 'e', 'x', 't', 'r', 'a', '\n');   // é then a stray continuation byte
    text(b, "a".repeat(300) + "B".repeat(50) + " tail\n");          // a word longer than a unit
    bytes(b, 'e', 'n', 'd', 0xE2, 0x82);                         // cut-off sequence at the end, no newline
    return b.toByteArray();
  }

  @ParameterizedTest(name = "{0} threads, {1}-byte units")
  @CsvSource({"1, 8388608", "2, 7", "3, 64", "2, 1"})
  void countsExactlyLikeTheRegexReferenceAndThePlatformsWords(int threads, int unitSize) throws IOException {
    List<byte[]> contents = List.of(tricky(), "Alpha beta\nGAMMA alpha\n".getBytes(StandardCharsets.UTF_8),
        new byte[0], tricky());
    List<Path> files = write(contents);

    byte[] actual = new ReferenceWordCount(threads, unitSize).count(files).toBytes();

    assertThat(new String(actual, StandardCharsets.UTF_8))
        .isEqualTo(new String(regexReference(contents), StandardCharsets.UTF_8));
    assertThat(actual).isEqualTo(regexReference(contents)).isEqualTo(wordsReference(contents));
  }

  @Test
  void mergesCaseVariantsAndSortsByUtf8Bytes() throws IOException {
    List<Path> files = write(List.of("b A a \u212A k é É z\n".getBytes(StandardCharsets.UTF_8)));

    WordCounts counts = new ReferenceWordCount(2, 3).count(files);

    assertThat(new String(counts.toBytes(), StandardCharsets.UTF_8)).isEqualTo("a\t2\nb\t1\nk\t2\nz\t1\né\t2\n");
    assertThat(counts.distinct()).isEqualTo(5);
    assertThat(counts.total()).isEqualTo(8);
  }

  @Test
  void countsALargeGeneratedCorpusLikeThePlatformsWords() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new io.gristmill.bench.corpus.CorpusGenerator(5).write(0, 3 << 20, out);
    List<byte[]> contents = List.of(out.toByteArray());

    byte[] actual = new ReferenceWordCount(2, 1 << 16).count(write(contents)).toBytes();

    assertThat(actual).isEqualTo(wordsReference(contents));
  }

  private List<Path> write(List<byte[]> contents) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < contents.size(); i++) {
      files.add(Files.write(dir.resolve("f" + i), contents.get(i)));
    }
    return files;
  }

  /** Independent of any production code: whole-file decoding, the regex {@code \p{L}+}, Locale.ROOT. */
  static byte[] regexReference(List<byte[]> files) {
    Map<String, Long> counts = byUtf8();
    Pattern letters = Pattern.compile("\\p{L}+");
    for (byte[] file : files) {
      Matcher m = letters.matcher(new String(file, StandardCharsets.UTF_8));
      while (m.find()) {
        counts.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
      }
    }
    return lines(counts);
  }

  /** The platform's own word semantics, {@link Words}, over each whole file. */
  static byte[] wordsReference(List<byte[]> files) {
    Map<String, Long> counts = byUtf8();
    for (byte[] file : files) {
      Words.forEach(file, 0, file.length, w -> counts.merge(w, 1L, Long::sum));
    }
    return lines(counts);
  }

  private static Map<String, Long> byUtf8() {
    return new TreeMap<>((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] lines(Map<String, Long> counts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    counts.forEach((w, n) -> out.writeBytes((w + "\t" + n + "\n").getBytes(StandardCharsets.UTF_8)));
    return out.toByteArray();
  }

  private static void text(ByteArrayOutputStream b, String s) {
    b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(ByteArrayOutputStream b, int... values) {
    for (int v : values) {
      b.write(v);
    }
  }
}
