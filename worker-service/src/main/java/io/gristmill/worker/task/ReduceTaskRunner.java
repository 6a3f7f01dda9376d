package io.gristmill.worker.task;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.job.ReduceFunction;
import io.gristmill.worker.job.JobTypes;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.merge.KeyGroups;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import io.gristmill.worker.shuffle.MapOutputSource;
import io.gristmill.worker.shuffle.ShuffleFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a reduce attempt: copies its partition of every map output to local scratch space, merges the sorted runs,
 * applies the job's reduce function per key, and uploads the output to the blob store as
 * {@code job-<jobId>/part-r-NNNNN}. Scratch space is removed whatever happens.
 */
public final class ReduceTaskRunner {

  private final JobTypes jobTypes;
  private final BlobStoreClient blobStore;
  private final MapOutputStore store;
  private final ShuffleFetcher fetcher;

  public ReduceTaskRunner(JobTypes jobTypes, BlobStoreClient blobStore, MapOutputStore store, ShuffleFetcher fetcher) {
    this.jobTypes = jobTypes;
    this.blobStore = blobStore;
    this.store = store;
    this.fetcher = fetcher;
  }

  public TaskResult run(ReduceTask task) throws IOException {
    ReduceFunction reduce = jobTypes.get(task.jobType()).newReduceFunction(task.params());
    String attemptId = task.ids().attemptId();
    Path scratch = store.scratchDir(attemptId);
    try {
      List<Path> runs = new ArrayList<>();
      for (MapOutputSource source : task.mapOutputs()) {
        Path run = scratch.resolve(String.format("map-%05d.run", source.mapIndex()));
        fetcher.fetch(source, task.partition(), run);
        runs.add(run);
      }
      Path output = scratch.resolve("output");
      Map<String, Long> counters = reduce(reduce, runs, output);
      FileInfo file;
      try (InputStream content = Files.newInputStream(output)) {
        file = blobStore.upload(UploadHeader.newBuilder()
            .setName(String.format("job-%s/part-r-%05d", task.ids().jobId(), task.partition()))
            .setOwner("system")
            .build(), content);
      }
      return new TaskResult(file.getId(), counters);
    } finally {
      store.deleteAttempt(attemptId);
    }
  }

  private static Map<String, Long> reduce(ReduceFunction reduce, List<Path> runs, Path output) throws IOException {
    try (SortedRunMerger merged = new SortedRunMerger(open(runs));
        TextOutputWriter out = new TextOutputWriter(Files.newOutputStream(output))) {
      KeyGroups groups = new KeyGroups(merged);
      while (groups.nextGroup()) {
        reduce.reduce(groups.key(), groups.values(), out::write);
      }
      Map<String, Long> counters = new LinkedHashMap<>();
      counters.put("reduce.input.records", groups.records());
      counters.put("reduce.input.groups", groups.groups());
      counters.put("reduce.output.records", out.records());
      return counters;
    }
  }

  private static List<RecordStream> open(List<Path> runs) throws IOException {
    List<RecordStream> readers = new ArrayList<>();
    try {
      for (Path run : runs) {
        readers.add(RecordFormat.reader(Files.newInputStream(run)));
      }
      return readers;
    } catch (IOException e) {
      for (RecordStream reader : readers) {
        reader.close();
      }
      throw e;
    }
  }
}
