package io.gristmill.worker.mapoutput;

import io.gristmill.worker.record.RecordFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Collects a map task's output records, partitions them with a {@link HashPartitioner}, and writes each partition
 * as one run sorted by key in unsigned byte order (equal keys keep their emission order) in {@link RecordFormat}.
 * Records are held in memory until {@link #writeTo}; spilling to disk when a buffer fills belongs here later.
 */
public final class MapOutputWriter {

  private static final Comparator<Record> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

  private final HashPartitioner partitioner;
  private final List<List<Record>> partitions;

  public MapOutputWriter(HashPartitioner partitioner) {
    this.partitioner = partitioner;
    this.partitions = new ArrayList<>(partitioner.partitions());
    for (int i = 0; i < partitioner.partitions(); i++) {
      partitions.add(new ArrayList<>());
    }
  }

  public void emit(byte[] key, byte[] value) {
    partitions.get(partitioner.partition(key)).add(new Record(key, value));
  }

  /**
   * Writes one file per partition, empty ones included, into {@code dir} (a staging directory: each file is
   * written under a temporary name and renamed when complete). Returns the number of records written.
   */
  public long writeTo(Path dir) throws IOException {
    long written = 0;
    for (int p = 0; p < partitions.size(); p++) {
      List<Record> records = partitions.get(p);
      records.sort(BY_KEY);
      String name = MapOutputStore.partitionFileName(p);
      Path temporary = dir.resolve(name + ".tmp");
      try (RecordFormat.Writer out = RecordFormat.writer(Files.newOutputStream(temporary))) {
        for (Record record : records) {
          out.write(record.key(), record.value());
        }
        written += out.records();
      }
      Files.move(temporary, dir.resolve(name));
    }
    return written;
  }

  private record Record(byte[] key, byte[] value) {}
}
