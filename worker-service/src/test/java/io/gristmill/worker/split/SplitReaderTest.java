package io.gristmill.worker.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitReaderTest {

  // Bytes next to '\n' in value (0x0B, 0x8A in ʊ, 0x09) test the word-at-a-time newline search.
  private static final String[] PIECES =
      {"a", "bc", "ñ", "日本", "😀", " ", "x", "\r", "\n", "\n", "\n\n", "\u000B", "ʊ", "\t"};

  /** Serves a byte array and remembers every window asked for, as [offset, length]. */
  private static final class Source implements RangeSource {
    final byte[] bytes;
    final List<long[]> windows = new ArrayList<>();

    Source(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public InputStream open(long offset, long length) {
      assertThat(length).isPositive();
      assertThat(offset + length).isLessThanOrEqualTo(bytes.length);
      windows.add(new long[] {offset, length});
      return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }
  }

  private record Result(List<String> lines, SplitStats stats) {}

  private static Result read(byte[] file, long offset, long length, int buffer, int tail) throws Exception {
    return read(new Source(file), offset, length, buffer, tail);
  }

  private static Result read(Source source, long offset, long length, int buffer, int tail) throws Exception {
    List<String> lines = new ArrayList<>();
    SplitStats stats = new SplitReader(buffer, tail).read(new Split(offset, length, source.bytes.length), source,
        (position, b, off, len) -> lines.add(new String(b, off, len, StandardCharsets.UTF_8)));
    return new Result(lines, stats);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitStartingAtLineStartOwnsThatLine() throws Exception {
    byte[] file = utf8("ab\ncd\nef\n");
    Result result = read(file, 3, 3, 4, 4);
    assertThat(result.lines()).containsExactly("cd");
    assertThat(result.stats()).isEqualTo(new SplitStats(1, 3));
  }

  @Test
  void firstSplitDoesNotOwnTheLineStartingAtItsEnd() throws Exception {
    byte[] file = utf8("ab\ncd\nef\n");
    assertThat(read(file, 0, 3, 4, 4).lines()).containsExactly("ab");
  }

  @Test
  void splitStartingMidLineSkipsToTheNextLine() throws Exception {
    byte[] file = utf8("ab\ncd\nef\n");
    Result result = read(file, 4, 3, 4, 4);
    assertThat(result.lines()).containsExactly("ef");
    assertThat(result.stats()).isEqualTo(new SplitStats(1, 3));
  }

  @Test
  void lastLineIsReadToItsEndPastTheSplit() throws Exception {
    byte[] file = utf8("ab\ncdefgh\nij\n");
    assertThat(read(file, 0, 4, 2, 2).lines()).containsExactly("ab", "cdefgh");
    assertThat(read(file, 4, 6, 2, 2).lines()).isEmpty();
    assertThat(read(file, 10, 3, 2, 2).lines()).containsExactly("ij");
  }

  @Test
  void splitStartingInsideAMultibyteCharacterSkipsThatLine() throws Exception {
    byte[] file = utf8("añb\nçd\nzé\n"); // ñ at bytes 1-2, ç at bytes 5-6
    assertThat(read(file, 0, 2, 4, 4).lines()).containsExactly("añb");
    assertThat(read(file, 2, 4, 4, 4).lines()).containsExactly("çd");
    assertThat(read(file, 6, 4, 4, 4).lines()).containsExactly("zé");
    assertThat(read(file, 6, 3, 4, 4).lines()).isEmpty();
  }

  @Test
  void lineLongerThanAChunkIsOwnedWholeByTheSplitItStartsIn() throws Exception {
    String longLine = "x".repeat(1000);
    byte[] file = utf8("a\n" + longLine + "\nb\n");
    int chunk = 100;
    List<List<String>> perSplit = new ArrayList<>();
    for (int offset = 0; offset < file.length; offset += chunk) {
      perSplit.add(read(file, offset, chunk, 16, 32).lines());
    }
    assertThat(perSplit.get(0)).containsExactly("a", longLine);
    assertThat(perSplit.subList(1, 10)).allSatisfy(lines -> assertThat(lines).isEmpty());
    assertThat(perSplit.get(10)).containsExactly("b");
  }

  @Test
  void fileWithoutTrailingNewlineEndsWithItsLastLine() throws Exception {
    byte[] file = utf8("ab\ncd");
    Result result = read(file, 2, 3, 4, 4);
    assertThat(result.lines()).containsExactly("cd");
    assertThat(result.stats()).isEqualTo(new SplitStats(1, 2));
  }

  @Test
  void emptyFileAndEmptySplitYieldNothingAndReadNothing() throws Exception {
    Source empty = new Source(new byte[0]);
    assertThat(read(empty, 0, 64, 4, 4)).isEqualTo(new Result(List.of(), new SplitStats(0, 0)));
    assertThat(empty.windows).isEmpty();
    Source file = new Source(utf8("ab\ncd\n"));
    assertThat(read(file, 3, 0, 4, 4).lines()).isEmpty();
    assertThat(file.windows).isEmpty();
  }

  @Test
  void emptyLinesAreLines() throws Exception {
    assertThat(read(utf8("\n\nx\n"), 0, 4, 4, 4).lines()).containsExactly("", "", "x");
    assertThat(read(utf8("\n\nx\n"), 1, 1, 4, 4).lines()).containsExactly("");
  }

  @Test
  void readsTheSplitThenTheTailInSmallWindows() throws Exception {
    byte[] file = utf8("x".repeat(150) + "\n" + "y".repeat(9_849) + "\n");
    Source source = new Source(file);
    Result result = read(source, 1, 99, 16, 32);
    assertThat(result.lines()).isEmpty();
    source.windows.clear();
    result = read(source, 0, 100, 16, 32);
    assertThat(result.lines()).containsExactly("x".repeat(150));
    assertThat(source.windows).extracting(w -> w[0] + "+" + w[1])
        .containsExactly("0+100", "100+32", "132+32");
  }

  @Test
  void failsClearlyWhenTheFileIsShorterThanItsDeclaredSize() {
    RangeSource truncated = (offset, length) -> new ByteArrayInputStream(utf8("ab"));
    assertThatThrownBy(() -> new SplitReader(4, 4).read(new Split(0, 10, 10), truncated, (position, b, off, len) -> { }))
        .isInstanceOf(EOFException.class)
        .hasMessage("input ended at byte 2 of a file of 10 bytes");
  }

  @Test
  void splitsOfAnyTextAndSizeYieldEveryLineExactlyOnce() throws Exception {
    Random random = new Random(20261121L);
    for (int round = 0; round < 400; round++) {
      String text = randomText(random);
      byte[] file = utf8(text);
      int splitSize = 1 + random.nextInt(40);
      int buffer = 1 + random.nextInt(random.nextBoolean() ? 8 : 100);
      int tail = 1 + random.nextInt(8);
      List<String> lines = new ArrayList<>();
      long bytes = 0;
      for (long offset = 0; offset < file.length; offset += splitSize) {
        Result result = read(file, offset, splitSize, buffer, tail);
        lines.addAll(result.lines());
        bytes += result.stats().bytes();
        assertThat(result.stats().lines()).isEqualTo(result.lines().size());
      }
      assertThat(lines).as("text %s split every %d bytes", Arrays.toString(file), splitSize)
          .isEqualTo(linesOf(text));
      assertThat(bytes).isEqualTo(file.length);
    }
  }

  @Test
  void blocksHoldTheSameLinesWithTheSameStatisticsForAnyTextSplitAndBuffer() throws Exception {
    Random random = new Random(20261122L);
    for (int round = 0; round < 400; round++) {
      byte[] file = utf8(randomText(random));
      int splitSize = 1 + random.nextInt(40);
      int buffer = 1 + random.nextInt(random.nextBoolean() ? 8 : 100);
      int tail = 1 + random.nextInt(8);
      for (long offset = 0; offset < file.length; offset += splitSize) {
        Result lines = read(file, offset, splitSize, buffer, tail);
        Blocks blocks = readBlocks(file, offset, splitSize, buffer, tail);
        assertThat(blocks.stats()).as("text %s, split at %d", Arrays.toString(file), offset).isEqualTo(lines.stats());
        assertThat(linesOf(blocks.text())).as("text %s, split at %d", Arrays.toString(file), offset)
            .isEqualTo(lines.lines());
      }
    }
  }

  @Test
  void blocksEndAtLineEndsSoNoWordOrCharacterIsCutAtABufferEdge() throws Exception {
    // Buffer edges (every 8 bytes) fall inside "wordy" (bytes 7-11), inside "ï" (bytes 15-16) and twice inside
    // the fourth line.
    byte[] file = utf8("one\nab wordy\nou\u00ef\nlong line of text\nz");
    List<String> blocks = new ArrayList<>();
    SplitStats stats = new SplitReader(8, 8).readBlocks(new Split(0, file.length, file.length), new Source(file),
        (bytes, offset, length) -> blocks.add(new String(bytes, offset, length, StandardCharsets.UTF_8)));
    assertThat(blocks).containsExactly("one\n", "ab wordy", "ouï", "long line of text", "z");
    assertThat(stats).isEqualTo(new SplitStats(5, file.length));
  }

  @Test
  void aBlockHoldsEveryCompleteLineOfTheBufferButNoneThatStartsAfterTheSplit() throws Exception {
    byte[] file = utf8("ab\ncd\nef\ngh\n");
    List<String> blocks = new ArrayList<>();
    SplitStats stats = new SplitReader(64, 64).readBlocks(new Split(0, 7, file.length), new Source(file),
        (bytes, offset, length) -> blocks.add(new String(bytes, offset, length, StandardCharsets.UTF_8)));
    assertThat(blocks).containsExactly("ab\ncd\n", "ef");
    assertThat(stats).isEqualTo(new SplitStats(3, 9));
  }

  private record Blocks(String text, SplitStats stats) {}

  private static Blocks readBlocks(byte[] file, long offset, long length, int buffer, int tail) throws Exception {
    StringBuilder text = new StringBuilder();
    SplitStats stats = new SplitReader(buffer, tail).readBlocks(new Split(offset, length, file.length),
        new Source(file), (bytes, off, len) -> {
          String block = new String(bytes, off, len, StandardCharsets.UTF_8);
          text.append(block);
          // A block without its last newline ends a line all the same.
          if (!block.endsWith("\n")) {
            text.append('\n');
          }
        });
    return new Blocks(text.toString(), stats);
  }

  /** The reference: the text cut at every '\n', without a last empty line after a final '\n'. */
  private static List<String> linesOf(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** Up to 60 pieces: letters of one to four UTF-8 bytes, blanks, line ends, and now and then a long line. */
  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int pieceCount = random.nextInt(60);
    for (int i = 0; i < pieceCount; i++) {
      text.append(random.nextInt(20) == 0 ? "L".repeat(random.nextInt(200)) : PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }
}
