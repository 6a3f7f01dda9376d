package io.gristmill.worker.mapoutput;

import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.runtime.MapCollector;
import io.gristmill.mapreduce.runtime.RawCombiner;
import io.gristmill.worker.cancel.Cancellation;
import io.gristmill.worker.merge.KeyGroups;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The map side of the shuffle. Records are appended to one byte array with four ints of metadata each (partition,
 * key start, key length, value length), so collecting a record allocates nothing. When the buffer would pass its
 * limit, its records are sorted by (partition, key bytes), run through the combiner, and spilled to a file with one
 * segment per partition. {@link #finish} merges the spills with a heap (combining again) into one sorted file,
 * {@code output}, indexed by {@code index} (offset, length and CRC32C per partition). Memory is the buffer plus a
 * read buffer per spill during the merge, whatever the input size.
 */
public final class MapOutputBuffer implements MapCollector {

  /** Bytes of bookkeeping per record, counted against the limit with its key and value. */
  private static final int RECORD_OVERHEAD = 16;

  private final int partitions;
  private final long limit;
  private final Optional<RawCombiner> combiner;
  private final Path dir;
  private final Counters counters;
  private final List<List<Segment>> spills = new ArrayList<>();
  private byte[] data = new byte[4096];
  private int[] meta = new int[256];
  private int used;
  private int records;

  /**
   * @param limit bytes of keys, values and bookkeeping held before a spill
   * @param dir where spills and the final output go (the attempt's staging directory)
   */
  public MapOutputBuffer(int partitions, long limit, Optional<RawCombiner> combiner, Path dir, Counters counters) {
    this.partitions = partitions;
    this.limit = Math.min(limit, Integer.MAX_VALUE - 64);
    this.combiner = combiner;
    this.dir = dir;
    this.counters = counters;
  }

  @Override
  public void collect(int partition, byte[] key, byte[] value) {
    long need = (long) key.length + value.length + RECORD_OVERHEAD;
    if (records > 0 && used + need + (long) records * RECORD_OVERHEAD > limit) {
      try {
        spill();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ensureCapacity(key.length + value.length);
    int m = records * 4;
    meta[m] = partition;
    meta[m + 1] = used;
    meta[m + 2] = key.length;
    meta[m + 3] = value.length;
    System.arraycopy(key, 0, data, used, key.length);
    System.arraycopy(value, 0, data, used + key.length, value.length);
    used += key.length + value.length;
    records++;
    counters.add("map.output.records", 1);
  }

  /** Writes {@code output} and {@code index} into the directory; returns the records in the output. */
  public long finish() throws IOException {
    if (spills.isEmpty()) {
      return writeBuffer(dir.resolve(MapOutputStore.DATA_FILE)).records;
    }
    if (records > 0) {
      spill();
    }
    data = null;
    meta = null;
    return merge();
  }

  private void spill() throws IOException {
    Written written = writeBuffer(dir.resolve(String.format("spill-%05d", spills.size())));
    spills.add(written.segments);
    used = 0;
    records = 0;
  }

  private Written writeBuffer(Path file) throws IOException {
    int[] order = new int[records];
    for (int i = 0; i < records; i++) {
      order[i] = i;
    }
    IndexSort.sort(order, records, this::compare);
    Written written;
    try (SegmentedFileWriter out = new SegmentedFileWriter(file)) {
      int next = 0;
      for (int p = 0; p < partitions; p++) {
        // Within a partition the interruptible file channel underneath notices a cancellation.
        Cancellation.checkpoint();
        int end = next;
        while (end < records && meta[order[end] * 4] == p) {
          end++;
        }
        try (RecordFormat.Writer writer = out.nextPartition()) {
          if (combiner.isPresent()) {
            combine(new BufferRun(order, next, end), writer);
          } else {
            for (int i = next; i < end; i++) {
              int m = order[i] * 4;
              writer.write(data, meta[m + 1], meta[m + 2], data, meta[m + 1] + meta[m + 2], meta[m + 3]);
            }
          }
          out.wrote(writer.records());
        }
        next = end;
      }
      written = new Written(out.segments(), out.records());
    }
    counters.add("spilled.records", written.records);
    if (file.getFileName().toString().equals(MapOutputStore.DATA_FILE)) {
      MapOutputIndex.write(dir.resolve(MapOutputStore.INDEX_FILE), written.segments);
    }
    return written;
  }

  private long merge() throws IOException {
    Path output = dir.resolve(MapOutputStore.DATA_FILE);
    List<Segment> segments;
    long written;
    try (SegmentedFileWriter out = new SegmentedFileWriter(output)) {
      for (int p = 0; p < partitions; p++) {
        Cancellation.checkpoint();
        List<RecordStream> runs = new ArrayList<>();
        try {
          for (List<Segment> spill : spills) {
            runs.add(RecordFormat.reader(new SegmentInputStream(spill.get(p))));
          }
        } catch (IOException e) {
          for (RecordStream run : runs) {
            run.close();
          }
          throw e;
        }
        try (SortedRunMerger merged = new SortedRunMerger(runs); RecordFormat.Writer writer = out.nextPartition()) {
          if (combiner.isPresent()) {
            combine(merged, writer);
          } else {
            while (merged.next()) {
              writer.write(merged.key(), merged.value());
            }
          }
          out.wrote(writer.records());
        }
      }
      segments = out.segments();
      written = out.records();
    }
    MapOutputIndex.write(dir.resolve(MapOutputStore.INDEX_FILE), segments);
    for (int i = 0; i < spills.size(); i++) {
      Files.delete(spills.get(i).get(0).file());
    }
    counters.add("spilled.records", written);
    return written;
  }

  private void combine(RecordStream sorted, RecordFormat.Writer writer) throws IOException {
    KeyGroups groups = new KeyGroups(sorted);
    long before = writer.records();
    try {
      while (groups.nextGroup()) {
        combiner.get().combine(groups.key(), groups.values(), (key, value) -> {
          try {
            writer.write(key, value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    counters.add("combine.input.records", groups.records());
    counters.add("combine.output.records", writer.records() - before);
  }

  private int compare(int a, int b) {
    int ma = a * 4;
    int mb = b * 4;
    int byPartition = Integer.compare(meta[ma], meta[mb]);
    if (byPartition != 0) {
      return byPartition;
    }
    return Arrays.compareUnsigned(data, meta[ma + 1], meta[ma + 1] + meta[ma + 2],
        data, meta[mb + 1], meta[mb + 1] + meta[mb + 2]);
  }

  private void ensureCapacity(int bytes) {
    if (used + bytes > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8,
          Math.max((long) used + bytes, Math.min(limit, (long) data.length * 2))));
    }
    if (records * 4 + 4 > meta.length) {
      meta = Arrays.copyOf(meta, meta.length * 2);
    }
  }

  private record Written(List<Segment> segments, long records) {}

  /** The sorted records {@code order[from..to)} of the buffer as a stream, copied out one at a time. */
  private final class BufferRun implements RecordStream {
    private final int[] order;
    private final int to;
    private int at;

    BufferRun(int[] order, int from, int to) {
      this.order = order;
      this.at = from - 1;
      this.to = to;
    }

    @Override
    public boolean next() {
      return ++at < to;
    }

    @Override
    public byte[] key() {
      if (at >= to) {
        throw new NoSuchElementException();
      }
      int m = order[at] * 4;
      return Arrays.copyOfRange(data, meta[m + 1], meta[m + 1] + meta[m + 2]);
    }

    @Override
    public byte[] value() {
      int m = order[at] * 4;
      int start = meta[m + 1] + meta[m + 2];
      return Arrays.copyOfRange(data, start, start + meta[m + 3]);
    }

    @Override
    public void close() {}
  }
}
