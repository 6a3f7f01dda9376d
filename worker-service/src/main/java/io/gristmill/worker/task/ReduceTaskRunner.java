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
import io.gristmill.worker.merge.MultiPassMerge;
import io.gristmill.worker.merge.SortedRun;
import io.gristmill.worker.merge.SortedRunMerger;
import io.gristmill.worker.shuffle.MapOutputSource;
import io.gristmill.worker.shuffle.MapOutputCopier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a reduce attempt: copies its partition of every map output to local scratch space (several fetches at
 * once, each streamed to disk, so memory stays bounded however large the partition) from the map worker's Shuffle
 * service, or from the blob store when the job keeps intermediate data there, and reads those its own worker holds
 * into memory up to a budget (see {@link MapOutputCopier}), merges the sorted runs with a heap (in several passes
 * through local disk when more runs on disk than the merge factor), applies the job's reducer per key, and uploads the output to the blob store under the attempt's
 * temporary name, {@code job-<jobId>/_temporary/<attemptId>/part-r-NNNNN}. The upload becomes visible only when
 * complete; the job service commits the first attempt that reports it by renaming its file to
 * {@code job-<jobId>/part-r-NNNNN}, and the worker deletes the output of an attempt that is not committed, so output
 * is never half-written or doubled under the final name. Scratch space is removed whatever happens.
 */
public final class ReduceTaskRunner {

  /** Reported by every reduce attempt, zero or not. */
  private static final String[] COUNTERS = {
      "shuffle.bytes", "reduce.input.groups", "reduce.input.records", "reduce.output.records"};

  private final JobRuntimes jobs;
  private final BlobStoreClient blobStore;
  private final MapOutputStore store;
  private final MapOutputCopier copier;
  private final int mergeFactor;

  /** @param mergeFactor sorted runs read at once by the merge */
  public ReduceTaskRunner(JobRuntimes jobs, BlobStoreClient blobStore, MapOutputStore store, MapOutputCopier copier,
      int mergeFactor) {
    this.jobs = jobs;
    this.blobStore = blobStore;
    this.store = store;
    this.copier = copier;
    this.mergeFactor = mergeFactor;
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
      List<SortedRun> runs = copier.copyAll(task.mapOutputs(), task.partition(), task.reducers(), scratch);
      long shuffled = 0;
      long fromStorage = 0;
      for (int i = 0; i < runs.size(); i++) {
        long bytes = runs.get(i).bytes();
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
        reduce(reducer, new MultiPassMerge(mergeFactor, scratch), runs, counters);
        reducer.finish();
        counters.add("reduce.output.records", out.records());
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      FileInfo file;
      try (InputStream content = Files.newInputStream(output)) {
        file = blobStore.upload(UploadHeader.newBuilder()
            .setName(temporaryName(task))
            .setOwner("system")
            .build(), content);
      }
      return new TaskResult(file.getId(), "", counters.snapshot());
    } finally {
      store.deleteAttempt(attemptId);
    }
  }

  /** Unique to the attempt, so that attempts of one task never share a name before one of them is committed. */
  private static String temporaryName(ReduceTask task) {
    return String.format("job-%s/_temporary/%s/part-r-%05d", task.ids().jobId(), task.ids().attemptId(),
        task.partition());
  }

  private static void reduce(RawReducer reducer, MultiPassMerge merge, List<SortedRun> runs, Counters counters)
      throws IOException {
    try (SortedRunMerger merged = merge.open(runs)) {
      KeyGroups groups = new KeyGroups(merged);
      while (groups.nextGroup()) {
        Cancellation.checkpoint();
        reducer.reduce(groups.key(), groups.values());
      }
      counters.add("reduce.input.records", groups.records());
      counters.add("reduce.input.groups", groups.groups());
    }
    if (merge.passes() > 0) {
      counters.add("reduce.merge.passes", merge.passes());
    }
  }
}
