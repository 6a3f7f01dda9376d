package io.gristmill.worker.wordcount;

import io.gristmill.mapreduce.HashPartitioner;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.MapCollector;
import io.gristmill.mapreduce.runtime.RawCombiner;
import io.gristmill.mapreduce.runtime.RawMapper;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.mapreduce.runtime.RecordSink;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.text.Utf8Words;
import io.gristmill.text.WordTable;
import io.gristmill.worker.job.JobType;
import io.gristmill.worker.record.Varint;
import io.gristmill.worker.split.LineBlockConsumer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;

/**
 * Word count, written on the byte-level engine for speed: map output is (word as UTF-8, count as varint), counts
 * summed in a map-side table (emptied into the sort buffer when it reaches {@link #TABLE_BYTES}, so memory stays
 * bounded whatever the vocabulary) and again by the combiner when spills are merged; the output is one line
 * {@code word<TAB>count} per word. Words follow {@link io.gristmill.text.Words}, found on the bytes by {@link
 * Utf8Words}: counting a word already in the table neither decodes, allocates nor boxes.
 */
public final class WordCount implements JobType {

  public static final String NAME = "wordcount";

  /**
   * Memory of the map-side table at which it is emptied into the sort buffer: about 130,000 distinct words of
   * English, twice the benchmark's vocabulary. Its arrays double as they grow, so for a moment while one is copied
   * it may hold a little more.
   */
  static final long TABLE_BYTES = 8L << 20;

  private final long tableBytes;

  public WordCount() {
    this(TABLE_BYTES);
  }

  /** With another table bound, so that tests can make maps empty their tables often. */
  WordCount(long tableBytes) {
    this.tableBytes = tableBytes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobRuntime runtime() {
    return new JobRuntime() {
      @Override
      public RawMapper mapper(TaskEnvironment environment, MapCollector out) {
        return new Mapper(environment.reducers(), tableBytes, out);
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
   * Counts the words of each block of lines straight from the split reader's buffer into a {@link WordTable} (a
   * block starts and ends at line ends, and {@code '\n'} never occurs inside a UTF-8 sequence, so block by block
   * finds the same words as the whole file; a call per line cost a profile's worth of calls and newline searches).
   * When the table reaches its bound it is emptied into the sort buffer, each word lower-cased as {@link
   * io.gristmill.text.Words} does and partitioned by those bytes; the buffer sorts, combines and spills as for any
   * job. Lines given one at a time through {@link #map} count the same.
   */
  private static final class Mapper implements RawMapper, LineBlockConsumer {
    private final WordTable counts = new WordTable();
    private final int reducers;
    private final long tableBytes;
    private final MapCollector out;

    Mapper(int reducers, long tableBytes, MapCollector out) {
      this.reducers = reducers;
      this.tableBytes = tableBytes;
      this.out = out;
    }

    @Override
    public void map(long offset, byte[] line, int start, int length) {
      accept(line, start, length);
    }

    @Override
    public void accept(byte[] lines, int offset, int length) {
      Utf8Words.forEach(lines, offset, offset + length, counts);
      if (counts.memoryBytes() >= tableBytes) {
        flush();
      }
    }

    @Override
    public void finish() {
      flush();
    }

    private void flush() {
      counts.forEach((arena, offset, length, count) -> {
        byte[] word = Utf8Words.lowerCase(arena, offset, length);
        out.collect(HashPartitioner.partition(word, reducers), word, Varint.encode(count));
      });
      counts.clear();
    }
  }
}
