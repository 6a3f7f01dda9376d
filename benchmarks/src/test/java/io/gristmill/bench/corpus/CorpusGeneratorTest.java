package io.gristmill.bench.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir
  Path dir;

  @Test
  void sameSeedAndSizeGiveTheSameBytesAndExactlyTheSizeAsked() throws IOException {
    long size = 3 * 1024 * 1024 + 5;
    Corpus first = new CorpusGenerator(42).ensure(dir.resolve("a"), size, QUIET);
    Corpus second = new CorpusGenerator(42).ensure(dir.resolve("b"), size, QUIET);

    assertThat(first.files()).hasSize(CorpusGenerator.FILES);
    assertThat(first.reused()).isFalse();
    long total = 0;
    for (int i = 0; i < first.files().size(); i++) {
      byte[] a = Files.readAllBytes(first.files().get(i));
      assertThat(a).isEqualTo(Files.readAllBytes(second.files().get(i)));
      assertThat(a[a.length - 1]).isEqualTo((byte) '\n');
      total += a.length;
    }
    assertThat(total).isEqualTo(size).isEqualTo(first.size());
    assertThat(first.files().get(CorpusGenerator.FILES - 1)).hasSize(size / 8 + size % 8);
  }

  @Test
  void differentSeedsOrFilesGiveDifferentText() throws IOException {
    assertThat(bytes(1, 0, 4096)).isNotEqualTo(bytes(2, 0, 4096)).isNotEqualTo(bytes(1, 1, 4096));
    assertThat(bytes(1, 0, 4096)).isEqualTo(bytes(1, 0, 4096));
  }

  @Test
  void keepsItsTextStableAcrossReleasesOfThisCode() throws Exception {
    // A corpus is reused on disk and figures are compared across runs: the text must only change with FORMAT.
    byte[] text = bytes(CorpusGenerator.DEFAULT_SEED, 0, 1 << 20);
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    assertThat(digest).isEqualTo(EXPECTED_DIGEST);
  }

  /** SHA-256 of the first MiB of file 0 of the default seed, format {@value CorpusGenerator#FORMAT}. */
  private static final String EXPECTED_DIGEST = "87e48ad70f700cae001bf1caaec2b324d6cccc707072c278d87d9a8904956e12";

  @Test
  void reusesACorpusThatIsAlreadyThereAndRegeneratesOneThatIsNot() throws IOException {
    Path corpusDir = dir.resolve("c");
    Corpus made = new CorpusGenerator(7).ensure(corpusDir, 64 * 1024, QUIET);
    FileTime written = Files.getLastModifiedTime(made.files().get(0));

    Corpus again = new CorpusGenerator(7).ensure(corpusDir, 64 * 1024, QUIET);
    assertThat(again.reused()).isTrue();
    assertThat(Files.getLastModifiedTime(again.files().get(0))).isEqualTo(written);

    Files.write(made.files().get(3), new byte[10]); // damaged: wrong size
    Corpus repaired = new CorpusGenerator(7).ensure(corpusDir, 64 * 1024, QUIET);
    assertThat(repaired.reused()).isFalse();
    assertThat(Files.readAllBytes(repaired.files().get(3))).isEqualTo(bytes(7, 3, 8 * 1024));

    assertThat(new CorpusGenerator(7).ensure(corpusDir, 128 * 1024, QUIET).reused()).isFalse();
    assertThat(new CorpusGenerator(8).ensure(corpusDir, 128 * 1024, QUIET).reused()).isFalse();
  }

  @Test
  void looksLikeProse() throws IOException {
    String text = new String(bytes(CorpusGenerator.DEFAULT_SEED, 0, 2 << 20), StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    long blank = lines.stream().filter(String::isEmpty).count();
    assertThat(lines.stream().mapToInt(String::length).max().orElseThrow()).isLessThanOrEqualTo(120);
    assertThat(lines.stream().filter(l -> !l.isEmpty()).mapToInt(String::length).average().orElseThrow())
        .isBetween(50.0, 72.0);
    assertThat(blank).as("paragraph breaks").isGreaterThan(lines.size() / 20);
    assertThat(text).contains(". ", ", ", "? ", "\"").containsPattern("\\. [A-Z]");
    assertThat(text.chars().anyMatch(c -> c > 0x7F)).as("some non-ASCII letters").isTrue();

    // Zipf: the commonest word is about twice as frequent as the second and holds a few percent of all words.
    Map<String, Integer> counts = new HashMap<>();
    int words = 0;
    for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}]+")) {
      if (!w.isEmpty()) {
        counts.merge(w, 1, Integer::sum);
        words++;
      }
    }
    List<Integer> top = counts.values().stream().sorted((a, b) -> b - a).limit(2).toList();
    assertThat(counts.get("the")).isEqualTo(top.get(0));
    assertThat((double) top.get(0) / top.get(1)).isBetween(1.6, 2.5);
    assertThat((double) top.get(0) / words).isBetween(0.04, 0.15);
    assertThat(counts.size()).as("a large vocabulary").isGreaterThan(10_000);
  }

  @Test
  void refusesACorpusTooSmallToSplitIntoItsFiles() {
    assertThatThrownBy(() -> new CorpusGenerator(1).ensure(dir, CorpusGenerator.MIN_SIZE - 1, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the corpus must be at least 8192 bytes, was 8191");
  }

  private static byte[] bytes(long seed, int index, long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CorpusGenerator(seed).write(index, size, out);
    assertThat(out.size()).isEqualTo(size);
    return out.toByteArray();
  }
}
