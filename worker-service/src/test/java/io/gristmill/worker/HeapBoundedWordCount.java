package io.gristmill.worker;

import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.JobParameters;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.RawMapper;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.worker.mapoutput.MapOutputBuffer;
import io.gristmill.worker.mapoutput.MapOutputFixtures;
import io.gristmill.worker.merge.KeyGroups;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import io.gristmill.worker.mapoutput.SegmentInputStream;
import io.gristmill.worker.split.LineBlockConsumer;
import io.gristmill.worker.split.Split;
import io.gristmill.worker.split.SplitReader;
import io.gristmill.worker.wordcount.WordCount;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run in a forked JVM with a small heap by {@code HeapBoundedWordCountTest}: word count through the engine's map
 * path (split reader, word-count mapper, sort buffer, spills, merge) and reduce path (heap merge of every map's
 * partition, grouping, reducer) over generated input many times the heap. Exits 0 when every word's count is
 * exactly the generator's, 1 otherwise.
 */
public final class HeapBoundedWordCount {

  /** 8 words of 7 letters, each followed by a space or, for the last, a newline. */
  static final int LINE = 64;
  static final int VOCABULARY = 1_000_003;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long size = Long.parseLong(args[1]);
    long splitSize = Long.parseLong(args[2]);
    int reducers = 3;
    JobRuntime job = new WordCount().runtime();
    List<Path> outputs = new ArrayList<>();
    SplitReader reader = new SplitReader(64 << 10, 64 << 10);
    for (long offset = 0; offset < size; offset += splitSize) {
      Path out = Files.createDirectories(dir.resolve("map-" + offset / splitSize));
      Counters counters = new Counters();
      TaskEnvironment env = new TaskEnvironment(new JobParameters(Map.of()), reducers, "generated", counters);
      MapOutputBuffer buffer = new MapOutputBuffer(reducers, 8 << 20, job.combiner(env), out, counters);
      RawMapper mapper = job.mapper(env, buffer);
      // Blocks of lines, as MapTaskRunner feeds word count's mapper.
      reader.readBlocks(new Split(offset, splitSize, size), HeapBoundedWordCount::generated,
          (LineBlockConsumer) mapper);
      mapper.finish();
      buffer.finish();
      outputs.add(out);
    }
    long words = size / LINE * 8;
    long distinct = 0;
    long total = 0;
    long wrong = 0;
    for (int p = 0; p < reducers; p++) {
      List<RecordStream> runs = new ArrayList<>();
      for (Path out : outputs) {
        runs.add(RecordFormat.reader(new SegmentInputStream(MapOutputFixtures.segment(out, p))));
      }
      long[] result = new long[3];
      try (SortedRunMerger merged = new SortedRunMerger(runs)) {
        RawReducer reducer = job.reducer(new TaskEnvironment(new JobParameters(Map.of()), reducers, "",
            new Counters()), (word, count) -> {
              long id = idOf(word);
              long n = Long.parseLong(new String(count));
              long expected = words / VOCABULARY + (id < words % VOCABULARY ? 1 : 0);
              result[0]++;
              result[1] += n;
              result[2] += n == expected ? 0 : 1;
            });
        KeyGroups groups = new KeyGroups(merged);
        while (groups.nextGroup()) {
          reducer.reduce(groups.key(), groups.values());
        }
      }
      distinct += result[0];
      total += result[1];
      wrong += result[2];
    }
    System.out.println("words=" + total + " distinct=" + distinct + " wrong=" + wrong + " maxHeap="
        + Runtime.getRuntime().maxMemory());
    System.exit(total == words && distinct == Math.min(words, VOCABULARY) && wrong == 0 ? 0 : 1);
  }

  static long idOf(byte[] word) {
    long id = 0;
    for (byte b : word) {
      id = id * 26 + (b - 'a');
    }
    return id;
  }

  /** Line i holds words (8i + k) mod VOCABULARY for k = 0..7, each spelled as 7 base-26 letters. */
  static InputStream generated(long offset, long length) {
    return new InputStream() {
      private long position = offset;
      private final long end = offset + length;

      @Override
      public int read() {
        if (position >= end) {
          return -1;
        }
        long line = position / LINE;
        int column = (int) (position % LINE);
        position++;
        int k = column / 8;
        int letter = column % 8;
        if (letter == 7) {
          return k == 7 ? '\n' : ' ';
        }
        long id = (line * 8 + k) % VOCABULARY;
        for (int i = 6; i > letter; i--) {
          id /= 26;
        }
        return 'a' + (int) (id % 26);
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= end) {
          return -1;
        }
        int n = (int) Math.min(len, end - position);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) read();
        }
        return n;
      }
    };
  }
}
