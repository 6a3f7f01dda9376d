package io.gristmill.local.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expected word-count output, computed without any production code: each whole file decoded by {@code
 * new String(bytes, UTF_8)} (which replaces invalid bytes), words found by the regex {@code \p{L}+}, lower-cased
 * with {@link Locale#ROOT}, lines sorted by the words' UTF-8 bytes.
 */
final class ReferenceWordCount {

  private static final Pattern LETTERS = Pattern.compile("\\p{L}+");

  private ReferenceWordCount() {}

  static byte[] of(Collection<byte[]> files) {
    Map<String, Long> counts = new TreeMap<>((a, b) -> Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    for (byte[] file : files) {
      Matcher m = LETTERS.matcher(new String(file, StandardCharsets.UTF_8));
      while (m.find()) {
        counts.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    counts.forEach((word, n) -> out.writeBytes((word + "\t" + n + "\n").getBytes(StandardCharsets.UTF_8)));
    return out.toByteArray();
  }
}
