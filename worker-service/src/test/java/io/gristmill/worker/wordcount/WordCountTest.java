package io.gristmill.worker.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.HashPartitioner;
import io.gristmill.mapreduce.JobParameters;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.RawMapper;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.text.Words;
import io.gristmill.worker.mapoutput.MapOutputBuffer;
import io.gristmill.worker.mapoutput.MapOutputFixtures;
import io.gristmill.worker.mapoutput.SegmentInputStream;
import io.gristmill.worker.merge.KeyGroups;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import io.gristmill.worker.split.LineBlockConsumer;
import io.gristmill.worker.split.Split;
import io.gristmill.worker.split.SplitReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Word count's map (byte-level tokenising into its table, emptied into the sort buffer at the table's bound),
 * combiner and reducer give exactly the counts of {@link Words}, the decode-then-split definition, whether the
 * table is emptied after every line or never and whether the sort buffer spills or not.
 */
class WordCountTest {

  private static final int REDUCERS = 3;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "table bound {0} bytes, sort buffer {1} bytes")
  @CsvSource({"1, 1024", "1, 100000000", "8388608, 1024", "8388608, 100000000", "65536, 4096"})
  void countsExactlyTheWordsOfWordsAcrossTableFlushesAndSpills(long tableBytes, long sortBuffer) throws Exception {
    byte[] text = text(new Random(11));
    JobRuntime job = new WordCount(tableBytes).runtime();
    List<Path> maps = new ArrayList<>();
    int mapIndex = 0;
    for (byte[] split : splits(text, 4)) {
      Path out = Files.createDirectories(dir.resolve("map-" + mapIndex++));
      Counters counters = new Counters();
      TaskEnvironment environment = environment(counters);
      MapOutputBuffer buffer = new MapOutputBuffer(REDUCERS, sortBuffer, job.combiner(environment), out, counters);
      RawMapper mapper = job.mapper(environment, buffer);
      int start = 0;
      for (int i = 0; i <= split.length; i++) {
        if (i == split.length || split[i] == '\n') {
          mapper.map(start, split, start, i - start);
          start = i + 1;
        }
      }
      mapper.finish();
      buffer.finish();
      maps.add(out);
    }

    assertEveryPartitionMatchesTheReference(job, maps, text);
  }

  @ParameterizedTest(name = "read buffer {0} bytes")
  @CsvSource({"1", "7", "13", "65536"})
  void countsExactlyTheWordsOfWordsFromBlocksOfLinesWhateverTheReadBuffer(int readBuffer) throws Exception {
    byte[] text = text(new Random(12));
    JobRuntime job = new WordCount().runtime();
    List<Path> maps = new ArrayList<>();
    int splitSize = text.length / 5 + 1;
    for (long offset = 0; offset < text.length; offset += splitSize) {
      Path out = Files.createDirectories(dir.resolve("map-" + offset));
      Counters counters = new Counters();
      TaskEnvironment environment = environment(counters);
      MapOutputBuffer buffer = new MapOutputBuffer(REDUCERS, 1 << 20, job.combiner(environment), out, counters);
      RawMapper mapper = job.mapper(environment, buffer);
      assertThat(mapper).isInstanceOf(LineBlockConsumer.class);
      // Small buffers put their edges inside words, multi-byte letters and lines; the blocks must still count
      // every word once.
      new SplitReader(readBuffer, readBuffer).readBlocks(new Split(offset, splitSize, text.length),
          (from, length) -> new ByteArrayInputStream(text, (int) from, (int) length), (LineBlockConsumer) mapper);
      mapper.finish();
      buffer.finish();
      maps.add(out);
    }

    assertEveryPartitionMatchesTheReference(job, maps, text);
  }

  private static void assertEveryPartitionMatchesTheReference(JobRuntime job, List<Path> maps, byte[] text)
      throws Exception {
    for (int partition = 0; partition < REDUCERS; partition++) {
      assertThat(reduce(job, maps, partition)).as("partition %d", partition)
          .isEqualTo(expectedPartition(reference(text), partition));
    }
  }

  private static String reduce(JobRuntime job, List<Path> maps, int partition) throws Exception {
    List<RecordStream> runs = new ArrayList<>();
    for (Path out : maps) {
      runs.add(RecordFormat.reader(new SegmentInputStream(MapOutputFixtures.segment(out, partition))));
    }
    StringBuilder output = new StringBuilder();
    try (SortedRunMerger merged = new SortedRunMerger(runs)) {
      RawReducer reducer = job.reducer(environment(new Counters()), (word, count) -> output
          .append(new String(word, StandardCharsets.UTF_8)).append('\t')
          .append(new String(count, StandardCharsets.US_ASCII)).append('\n'));
      KeyGroups groups = new KeyGroups(merged);
      while (groups.nextGroup()) {
        reducer.reduce(groups.key(), groups.values());
      }
      reducer.finish();
    }
    return output.toString();
  }

  private static TaskEnvironment environment(Counters counters) {
    return new TaskEnvironment(new JobParameters(Map.of()), REDUCERS, "text", counters);
  }

  /** Case variants that meet only after lower-casing (the Kelvin sign and k, É and é), other scripts, bad bytes. */
  private static byte[] text(Random random) {
    String[] vocabulary = {"The", "the", "THE", "\u212Aelvin", "kelvin", "KELVIN", "École", "ÉCOLE", "école",
        "ΟΔΟΣ", "οδός", "ΣΊΣΥΦΟΣ", "日本語", "İstanbul", "istanbul", "straße", "STRASSE", "\uD801\uDC00bc",
        "\uD801\uDC28bc", "ǅungla", "ǄUNGLA", "naïve", "cafe\u0301"};
    String[] separators = {" ", ", ", "\n", "\r\n", " -- ", "'", "42", "\t"};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 20_000; i++) {
      if (random.nextInt(50) == 0) {
        out.write(0x80 + random.nextInt(0x80));
      }
      String word = random.nextInt(4) == 0 ? "w" + Integer.toString(random.nextInt(5_000), 36)
          : vocabulary[random.nextInt(vocabulary.length)];
      out.writeBytes(word.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(separators[random.nextInt(separators.length)].getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** The text cut after a newline into about {@code n} pieces, as splits own whole lines. */
  private static List<byte[]> splits(byte[] text, int n) {
    List<byte[]> splits = new ArrayList<>();
    int start = 0;
    for (int k = 1; k <= n && start < text.length; k++) {
      int end = k == n ? text.length : Math.max(start, text.length * k / n);
      while (end < text.length && text[end - 1] != '\n') {
        end++;
      }
      splits.add(Arrays.copyOfRange(text, start, end));
      start = end;
    }
    return splits;
  }

  private static Map<String, Long> reference(byte[] text) {
    Map<String, Long> counts = new TreeMap<>();
    Words.forEach(text, 0, text.length, word -> counts.merge(word, 1L, Long::sum));
    return counts;
  }

  private static String expectedPartition(Map<String, Long> reference, int partition) {
    StringBuilder expected = new StringBuilder();
    reference.keySet().stream()
        .map(word -> word.getBytes(StandardCharsets.UTF_8))
        .filter(word -> HashPartitioner.partition(word, REDUCERS) == partition)
        .sorted(Arrays::compareUnsigned)
        .forEach(word -> {
          String w = new String(word, StandardCharsets.UTF_8);
          expected.append(w).append('\t').append(reference.get(w)).append('\n');
        });
    return expected.toString();
  }
}
