package io.gristmill.worker.task;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.JobParameters;
import io.gristmill.mapreduce.runtime.RawReducer;
import io.gristmill.mapreduce.runtime.TaskEnvironment;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.cancel.Cancellation;
import io.gristmill.worker.job.JobRuntimes;
import io.gristmill.worker.job.LoadedJob;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.merge.KeyGroups;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.record.RecordFormat;
import io.gristmill.worker.record.RecordStream;
import io.gristmill.worker.shuffle.MapOutputSource;
import io.gristmill.worker.shuffle.MapOutputCopier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a reduce attempt: copies its partition of every map output to local scratch space (several fetches at
 * once, each streamed to disk, so memory stays bounded however large the partition) from the map worker's Shuffle
 * service, or from the blob store when the job keeps intermediate data there (see {@link MapOutputCopier}), merges
 * the sorted runs with a heap, applies the job's reducer per key, and uploads the output to the blob store as
 * {@code job-<jobId>/part-r-NNNNN}. The upload becomes visible only when complete and the job service commits the
 * first attempt that reports it, so output is never half-written or doubled. Scratch space is removed whatever
 * happens.
 */
public final class ReduceTaskRunner {

  /** Reported by every reduce attempt, zero or not. */
  private static final String[] COUNTERS = {
      "shuffle.bytes", "reduce.input.groups", "reduce.input.records", "reduce.output.records"};

  private final JobRuntimes jobs;
  private final BlobStoreClient blobStore;
  private final MapOutputStore store;
  private final MapOutputCopier copier;

  public ReduceTaskRunner(JobRuntimes jobs, BlobStoreClient blobStore, MapOutputStore store, MapOutputCopier copier) {
    this.jobs = jobs;
    this.blobStore = blobStore;
    this.store = store;
    this.copier = copier;
  }

  public TaskResult run(ReduceTask task) throws Exception {
    String attemptId = task.ids().attemptId();
    Path scratch = store.scratchDir(attemptId);
    Counters counters = new Counters();
    for (String name : COUNTERS) {
      counters.add(name, 0);
    }
    TaskEnvironment environment = new TaskEnvironment(new JobParameters(task.params()), task.reducers(), "", counters);
    try (LoadedJob job = jobs.load(task.jobType(), task.custom())) {
      List<Path> runs = copier.copyAll(task.mapOutputs(), task.partition(), task.reducers(), scratch);
      long shuffled = 0;
      long fromStorage = 0;
      for (int i = 0; i < runs.size(); i++) {
        long bytes = Files.size(runs.get(i));
        shuffled += bytes;
        fromStorage += task.mapOutputs().get(i).inStorage() ? bytes : 0;
      }
      counters.add("shuffle.bytes", shuffled);
      if (task.mapOutputs().stream().anyMatch(MapOutputSource::inStorage)) {
        counters.add("shuffle.bytes.from-storage", fromStorage);
      }
      Path output = scratch.resolve("output");
      try (TextOutputWriter out = new TextOutputWriter(Files.newOutputStream(output))) {
        RawReducer reducer = job.runtime().reducer(environment, (key, value) -> {
          try {
            out.write(key, value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        reduce(reducer, runs, counters);
        reducer.finish();
        counters.add("reduce.output.records", out.records());
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      FileInfo file;
      try (InputStream content = Files.newInputStream(output)) {
        file = blobStore.upload(UploadHeader.newBuilder()
            .setName(String.format("job-%s/part-r-%05d", task.ids().jobId(), task.partition()))
            .setOwner("system")
            .build(), content);
      }
      return new TaskResult(file.getId(), "", counters.snapshot());
    } finally {
      store.deleteAttempt(attemptId);
    }
  }

  private static void reduce(RawReducer reducer, List<Path> runs, Counters counters) throws IOException {
    try (SortedRunMerger merged = new SortedRunMerger(open(runs))) {
      KeyGroups groups = new KeyGroups(merged);
      while (groups.nextGroup()) {
        Cancellation.checkpoint();
        reducer.reduce(groups.key(), groups.values());
      }
      counters.add("reduce.input.records", groups.records());
      counters.add("reduce.input.groups", groups.groups());
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
