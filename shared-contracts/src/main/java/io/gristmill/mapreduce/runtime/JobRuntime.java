package io.gristmill.mapreduce.runtime;

import java.util.Optional;

/**
 * A job as the engine runs it: byte-level mapper, optional combiner and reducer. Built-in jobs implement it
 * directly where speed matters; {@link TypedJobRuntime} adapts a {@link io.gristmill.mapreduce.JobDefinition}.
 */
public interface JobRuntime {

  RawMapper mapper(TaskEnvironment environment, MapCollector out) throws Exception;

  /** A combiner for one task, or empty when the job has none. */
  Optional<RawCombiner> combiner(TaskEnvironment environment) throws Exception;

  /** @param out takes output records, written as {@code key<TAB>value} lines */
  RawReducer reducer(TaskEnvironment environment, RecordSink out) throws Exception;
}
