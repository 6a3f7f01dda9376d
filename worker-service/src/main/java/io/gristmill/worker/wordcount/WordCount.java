package io.gristmill.worker.wordcount;

import io.gristmill.mapreduce.HashPartitioner;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.MapCollector;
import io.gristmill.mapreduce.runtime.RawCombiner;
import io.gristmill.mapreduce.runtime.RawMapper;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.mapreduce.runtime.RecordSink;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.text.Words;
import io.gristmill.worker.job.JobType;
import io.gristmill.worker.record.Varint;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Word count, written on the byte-level engine for speed: map output is (word as UTF-8, count as varint), counts
 * summed in a map-side table (flushed into the sort buffer when it holds {@link #TABLE_WORDS} words, so memory
 * stays bounded whatever the vocabulary) and again by the combiner when spills are merged; the output is one line
 * {@code word<TAB>count} per word. Words follow {@link Words}. Counts are kept in {@code long[1]} cells, so
 * counting a word neither boxes nor allocates once the word is in the table.
 */
public final class WordCount implements JobType {

  public static final String NAME = "wordcount";

  /** Distinct words the map-side table holds before it is flushed into the sort buffer. */
  static final int TABLE_WORDS = 100_000;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobRuntime runtime() {
    return new JobRuntime() {
      @Override
      public RawMapper mapper(TaskEnvironment environment, MapCollector out) {
        return new Mapper(environment.reducers(), out);
      }

      @Override
      public Optional<RawCombiner> combiner(TaskEnvironment environment) {
        return Optional.of((word, counts, out) -> out.write(word, Varint.encode(sum(counts))));
      }

      @Override
      public RawReducer reducer(TaskEnvironment environment, RecordSink out) {
        return new RawReducer() {
          @Override
          public void reduce(byte[] word, Iterator<byte[]> counts) {
            out.write(word, Long.toString(sum(counts)).getBytes(StandardCharsets.US_ASCII));
          }

          @Override
          public void finish() {}
        };
      }
    };
  }

  private static long sum(Iterator<byte[]> counts) {
    long total = 0;
    while (counts.hasNext()) {
      total += Varint.decode(counts.next());
    }
    return total;
  }

  /**
   * Lines are decoded one by one; since {@code '\n'} never occurs inside a UTF-8 sequence, that finds the same
   * words as decoding the whole file.
   */
  private static final class Mapper implements RawMapper {
    private final Map<String, long[]> counts = new HashMap<>();
    private final int reducers;
    private final MapCollector out;

    Mapper(int reducers, MapCollector out) {
      this.reducers = reducers;
      this.out = out;
    }

    @Override
    public void map(long offset, byte[] line, int start, int length) {
      Words.forEach(line, start, length, word -> counts.computeIfAbsent(word, w -> new long[1])[0]++);
      if (counts.size() >= TABLE_WORDS) {
        flush();
      }
    }

    @Override
    public void finish() {
      flush();
    }

    private void flush() {
      counts.forEach((word, count) -> {
        byte[] key = word.getBytes(StandardCharsets.UTF_8);
        out.collect(HashPartitioner.partition(key, reducers), key, Varint.encode(count[0]));
      });
      counts.clear();
    }
  }
}
