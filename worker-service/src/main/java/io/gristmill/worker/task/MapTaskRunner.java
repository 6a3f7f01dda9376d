package io.gristmill.worker.task;

import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.job.JobTypes;
import io.gristmill.worker.job.MapFunction;
import io.gristmill.worker.mapoutput.HashPartitioner;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.mapoutput.MapOutputWriter;
import io.gristmill.worker.split.SplitReader;
import io.gristmill.worker.split.SplitStats;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a map attempt: reads the split, applies the job's map function, and publishes the partitioned, sorted
 * output in the {@link MapOutputStore} for reducers to fetch.
 */
public final class MapTaskRunner {

  /** Bytes read from the blob store at a time, and requested at a time for a last line running past the split. */
  private static final int READ_BYTES = 64 << 10;

  private final JobTypes jobTypes;
  private final BlobStoreClient blobStore;
  private final MapOutputStore store;
  private final SplitReader splitReader = new SplitReader(READ_BYTES, READ_BYTES);

  public MapTaskRunner(JobTypes jobTypes, BlobStoreClient blobStore, MapOutputStore store) {
    this.jobTypes = jobTypes;
    this.blobStore = blobStore;
    this.store = store;
  }

  public TaskResult run(MapTask task) throws IOException {
    MapFunction map = jobTypes.get(task.jobType()).newMapFunction(task.params());
    HashPartitioner partitioner = new HashPartitioner(task.reducers());
    SplitStats input = splitReader.read(
        task.split(), (offset, length) -> blobStore.open(task.fileId(), offset, length), map::map);
    MapOutputWriter output = new MapOutputWriter(partitioner);
    map.finish(output::emit);
    String attemptId = task.ids().attemptId();
    long written = output.writeTo(store.stagingDir(attemptId));
    store.publish(attemptId);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("map.input.records", input.lines());
    counters.put("map.input.bytes", input.bytes());
    counters.put("map.output.records", written);
    return new TaskResult("", counters);
  }
}
