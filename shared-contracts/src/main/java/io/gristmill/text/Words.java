package io.gristmill.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The word semantics every Gristmill job and endpoint shares, fixed since the first release: input bytes are
 * decoded as UTF-8 with invalid bytes replaced by U+FFFD; a word is a maximal run of letters ({@link
 * Character#isLetter(int)} on code points, so letters outside the Basic Multilingual Plane count); each word
 * is lower-cased as a whole with {@link Locale#ROOT} (so context rules such as the Greek final sigma apply);
 * everything else separates words.
 */
public final class Words {

  private Words() {}

  /** Passes every word of {@code text}, lower-cased, to {@code sink}, in order. */
  public static void forEach(CharSequence text, Consumer<String> sink) {
    int n = text.length();
    int start = -1;
    boolean ascii = true;
    int i = 0;
    while (i < n) {
      int cp = Character.codePointAt(text, i);
      int width = Character.charCount(cp);
      if (Character.isLetter(cp)) {
        if (start < 0) {
          start = i;
          ascii = true;
        }
        ascii &= cp < 0x80;
      } else if (start >= 0) {
        sink.accept(lower(text, start, i, ascii));
        start = -1;
      }
      i += width;
    }
    if (start >= 0) {
      sink.accept(lower(text, start, n, ascii));
    }
  }

  /** Decodes {@code length} bytes of UTF-8 from {@code offset} (invalid bytes become U+FFFD) and passes every word. */
  public static void forEach(byte[] utf8, int offset, int length, Consumer<String> sink) {
    forEach(decode(utf8, offset, length), sink);
  }

  /** UTF-8 decoding with replacement, the way every job reads its input. */
  public static CharBuffer decode(byte[] utf8, int offset, int length) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return decoder.decode(ByteBuffer.wrap(utf8, offset, length));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }

  private static String lower(CharSequence text, int start, int end, boolean ascii) {
    if (!ascii) {
      return text.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
    }
    char[] out = new char[end - start];
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      out[i - start] = c <= 'Z' && c >= 'A' ? (char) (c + 32) : c;
    }
    return new String(out);
  }
}
