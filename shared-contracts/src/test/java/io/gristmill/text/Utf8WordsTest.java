package io.gristmill.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level tokeniser finds exactly the words of {@link Words}, the decode-then-split definition. */
class Utf8WordsTest {

  /** Text where a byte-level tokeniser is most likely to part from decode-then-split. */
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
    bytes(b, 0xE2, 0x82, 'q', 0xF0, 0x9F, 'r', 0xF0, 0x9F, 0x98, 's', '\n'); // cut-off sequences before letters
    text(b, "a".repeat(300) + "B".repeat(50) + " tail\n");
    bytes(b, 'e', 'n', 'd', 0xE2, 0x82);                         // cut-off sequence at the end, no newline
    return b.toByteArray();
  }

  /** Pieces random text is made of: ASCII of every kind, letters of several scripts and planes, bad bytes. */
  private static final String[] PIECES = {
      "a", "Z", "q", "E", " ", "\n", ",", "'", "-", "7", "_", "\t", "\r", "é", "É", "Σ", "ς", "σ", "İ", "ı", "\u212A",
      "ß", "ǅ", "Ǆ", "日", "ä", "\u0301", "\uD801\uDC00", "\uD801\uDC28", "\uD83D\uDE00", "\u00A0", "\u2028", "ǈ",
      "Ω", "\u2126", "ﬁ", "Ⅻ", "ⅻ", "\u0345", "ʰ", "ª", "µ"};

  static byte[] random(Random random, int pieces) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < pieces; i++) {
      int kind = random.nextInt(20);
      if (kind == 0) {
        b.write(0x80 + random.nextInt(0x80)); // any byte that is not ASCII, often malformed where it lands
      } else if (kind == 1) {
        byte[] piece = PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8);
        b.write(piece, 0, 1 + random.nextInt(piece.length)); // a sequence, perhaps cut short
      } else {
        b.writeBytes(PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8));
      }
    }
    return b.toByteArray();
  }

  private static List<String> decodeThenSplit(byte[] bytes) {
    List<String> words = new ArrayList<>();
    Words.forEach(bytes, 0, bytes.length, words::add);
    return words;
  }

  private static List<String> onBytes(byte[] bytes, int from, int to) {
    List<String> words = new ArrayList<>();
    Utf8Words.forEach(bytes, from, to, (buf, start, length, hash) -> {
      byte[] word = Utf8Words.lowerCase(buf, start, length);
      byte[] folded = asciiFolded(buf, start, length);
      assertThat(hash).as("hash of %s", new String(word, StandardCharsets.UTF_8))
          .isEqualTo(Utf8Words.hash(folded, 0, folded.length));
      words.add(new String(word, StandardCharsets.UTF_8));
    });
    return words;
  }

  private static byte[] asciiFolded(byte[] buf, int start, int length) {
    byte[] folded = new byte[length];
    for (int k = 0; k < length; k++) {
      byte b = buf[start + k];
      folded[k] = b >= 0 ? (byte) (b | 0x20) : b;
    }
    return folded;
  }

  @Test
  void findsTheWordsOfWordsInTrickyText() {
    byte[] text = tricky();

    List<String> words = onBytes(text, 0, text.length);

    assertThat(words).isEqualTo(decodeThenSplit(text));
    assertThat(words).contains("οδος", "σίσυφος", "i̇stanbul", "kelvin", "café", "ab", "cd", "x", "y", "slash",
        "extra", "end");
  }

  @Test
  void findsTheWordsOfWordsInRandomTextWithNonAsciiLettersAndInvalidUtf8() {
    Random random = new Random(20260501);
    for (int round = 0; round < 3000; round++) {
      byte[] text = random(random, 1 + random.nextInt(60));

      assertThat(onBytes(text, 0, text.length)).as("round %d: %s", round, hex(text)).isEqualTo(decodeThenSplit(text));
    }
  }

  @Test
  void findsTheSameWordsLineByLineAsInTheWholeText() {
    Random random = new Random(7);
    byte[] text = random(random, 20_000);
    List<String> byLine = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length; i++) {
      if (i == text.length || text[i] == '\n') {
        byLine.addAll(onBytes(text, start, i));
        start = i + 1;
      }
    }

    assertThat(byLine).isEqualTo(decodeThenSplit(text));
  }

  @Test
  void lowerCasesAsciiBytesAndOtherWordsAsWholeStrings() {
    byte[] text = "xxHELLOxx ΟΔΟΣ".getBytes(StandardCharsets.UTF_8);

    assertThat(new String(Utf8Words.lowerCase(text, 2, 5), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(new String(Utf8Words.lowerCase(text, 10, text.length - 10), StandardCharsets.UTF_8)).isEqualTo("οδος");
    assertThat(Utf8Words.isAsciiLetter((byte) 'k')).isTrue();
    assertThat(Utf8Words.isAsciiLetter((byte) '\n')).isFalse();
    assertThat(Utf8Words.isAsciiLetter((byte) 0xC3)).isFalse();
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format("%02x", b & 0xFF));
    }
    return s.toString();
  }

  static void text(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  static void bytes(ByteArrayOutputStream out, int... values) {
    for (int v : values) {
      out.write(v);
    }
  }
}
