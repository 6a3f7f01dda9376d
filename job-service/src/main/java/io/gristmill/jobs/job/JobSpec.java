package io.gristmill.jobs.job;

import java.util.List;
import java.util.Map;

/**
 * A job as its owner asks for it.
 *
 * @param type built-in job type, e.g. "wordcount"
 * @param inputFileIds blob store ids of the inputs, in order
 * @param reducers R, the number of reduce tasks
 * @param owner principal that owns the job
 * @param params type-specific parameters
 * @param custom the code of a custom job; null for built-in types
 */
public record JobSpec(String type, List<String> inputFileIds, int reducers, String owner,
    Map<String, String> params, CustomCode custom) {

  public JobSpec {
    inputFileIds = List.copyOf(inputFileIds);
    params = Map.copyOf(params);
  }
}
