package io.gristmill.worker.job;

import io.gristmill.mapreduce.JobDefinition;
import io.gristmill.mapreduce.runtime.TypedJobRuntime;
import io.gristmill.worker.artifact.ArtifactCache;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The job types this worker can run: the built-ins by name, and {@code custom} jobs from their jars. */
public final class JobRuntimes {

  public static final String CUSTOM = "custom";

  private final Map<String, JobType> builtIns;
  private final ArtifactCache artifacts;

  public JobRuntimes(List<JobType> builtIns, ArtifactCache artifacts) {
    this.builtIns = builtIns.stream().collect(Collectors.toUnmodifiableMap(JobType::name, Function.identity()));
    this.artifacts = artifacts;
  }

  /**
   * The runtime of a task's job; close it when the task ends.
   *
   * @throws UnknownJobTypeException when no type has that name
   * @throws io.gristmill.mapreduce.JobClassException when a custom job's class cannot serve
   */
  public LoadedJob load(String type, Optional<CustomCode> custom) throws IOException {
    if (CUSTOM.equals(type)) {
      CustomCode code = custom.orElseThrow(() -> new IllegalArgumentException("a custom task carries no code"));
      ArtifactCache.Lease lease = artifacts.acquire(code.artifactFileId(), code.artifactSha256());
      try {
        JobDefinition definition = JobDefinition.load(lease.loader(), code.mapper(), code.reducer(),
            code.combiner(), code.partitioner());
        return new LoadedJob(new TypedJobRuntime(definition), lease);
      } catch (RuntimeException | LinkageError e) {
        lease.close();
        throw e;
      }
    }
    JobType builtIn = builtIns.get(type);
    if (builtIn == null) {
      throw new UnknownJobTypeException(type);
    }
    return new LoadedJob(builtIn.runtime(), () -> {});
  }
}
