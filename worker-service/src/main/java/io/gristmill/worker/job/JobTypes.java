package io.gristmill.worker.job;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The job types this worker can run, by name. */
public final class JobTypes {

  private final Map<String, JobType> byName;

  public JobTypes(List<JobType> types) {
    this.byName = types.stream().collect(Collectors.toUnmodifiableMap(JobType::name, Function.identity()));
  }

  /** @throws UnknownJobTypeException when no type has that name */
  public JobType get(String name) {
    JobType type = byName.get(name);
    if (type == null) {
      throw new UnknownJobTypeException(name);
    }
    return type;
  }
}
