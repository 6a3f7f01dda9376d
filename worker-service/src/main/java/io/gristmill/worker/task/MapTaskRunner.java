package io.gristmill.worker.task;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.JobParameters;
import io.gristmill.mapreduce.runtime.JobRuntime;
import io.gristmill.mapreduce.runtime.RawMapper;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.client.ShortCircuitReads;
import io.gristmill.worker.job.JobRuntimes;
import io.gristmill.worker.job.LoadedJob;
import io.gristmill.worker.mapoutput.MapOutputBuffer;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.split.LineBlockConsumer;
import io.gristmill.worker.split.RangeSource;
import io.gristmill.worker.split.SplitReader;
import io.gristmill.worker.split.SplitStats;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Runs a map attempt: reads the split line by line (or block of lines by block, for a mapper that is a {@link
 * LineBlockConsumer}) into the job's mapper, which fills a bounded sort buffer that
 * spills to disk, then merges the spills and publishes the sorted, indexed output in the {@link MapOutputStore}
 * for reducers to fetch. When the job keeps intermediate data in storage, the published output is uploaded to the
 * blob store instead (index then data, see {@link MapOutputStore#openPublished}) and the local copy removed, so
 * reducers no longer depend on this worker.
 */
public final class MapTaskRunner {

  /** Bytes read from the blob store at a time, and requested at a time for a last line running past the split. */
  private static final int READ_BYTES = 64 << 10;

  /** Reported by every map attempt, zero or not; combine counters only by jobs with a combiner. */
  private static final String[] COUNTERS = {
      "map.input.records", "map.input.bytes", "map.output.records", "spilled.records"};

  private final JobRuntimes jobs;
  private final BlobStoreClient blobStore;
  private final ShortCircuitReads splits;
  private final MapOutputStore store;
  private final long sortBufferBytes;
  private final SplitReader splitReader = new SplitReader(READ_BYTES, READ_BYTES);

  /**
   * @param blobStore where map outputs go when the job keeps them in storage
   * @param splits how splits are read: from this host's replicas when possible, else through the storage nodes
   * @param sortBufferBytes map output held in memory before a spill
   */
  public MapTaskRunner(JobRuntimes jobs, BlobStoreClient blobStore, ShortCircuitReads splits, MapOutputStore store,
      long sortBufferBytes) {
    this.jobs = jobs;
    this.blobStore = blobStore;
    this.splits = splits;
    this.store = store;
    this.sortBufferBytes = sortBufferBytes;
  }

  public TaskResult run(MapTask task) throws Exception {
    Counters counters = new Counters();
    for (String name : COUNTERS) {
      counters.add(name, 0);
    }
    TaskEnvironment environment =
        new TaskEnvironment(new JobParameters(task.params()), task.reducers(), task.fileName(), counters);
    String attemptId = task.ids().attemptId();
    Path staging = store.stagingDir(attemptId);
    try (LoadedJob job = jobs.load(task.jobType(), task.custom())) {
      JobRuntime runtime = job.runtime();
      MapOutputBuffer output = new MapOutputBuffer(
          task.reducers(), sortBufferBytes, runtime.combiner(environment), staging, counters);
      RawMapper mapper = runtime.mapper(environment, output);
      RangeSource source = (offset, length) -> splits.open(task.fileId(), offset, length);
      // A mapper that takes blocks of lines (word count) gets them without a call per line.
      SplitStats input = mapper instanceof LineBlockConsumer blocks
          ? splitReader.readBlocks(task.split(), source, blocks)
          : splitReader.read(task.split(), source, mapper::map);
      mapper.finish();
      output.finish();
      counters.add("map.input.records", input.lines());
      counters.add("map.input.bytes", input.bytes());
    }
    store.publish(attemptId);
    if (!task.intermediateInStorage()) {
      return new TaskResult("", "", counters.snapshot());
    }
    FileInfo file;
    try (InputStream content = store.openPublished(attemptId)) {
      file = blobStore.upload(UploadHeader.newBuilder()
          .setName(String.format("job-%s/map-%05d-%s.out", task.ids().jobId(), task.index(), attemptId))
          .setOwner("system")
          .build(), content);
    }
    store.deleteAttempt(attemptId);
    return new TaskResult("", file.getId(), counters.snapshot());
  }
}
