package io.gristmill.gateway.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/jobs}. Only presence and shape are checked here; the job service owns the rules
 * (known types, whether the inputs exist) and its INVALID_ARGUMENT descriptions reach the caller unchanged.
 *
 * @param type job type: {@code wordcount}, {@code grep}, {@code inverted-index} or {@code custom}
 * @param inputs file ids, at least one
 * @param reducers number of reduce tasks; 1 when absent
 * @param params type-specific parameters; none when absent
 * @param custom the code of a {@code custom} job
 * @param priority scheduling priority, -10..10; 0 when absent. Free slots go to the highest priority first, and
 *     jobs of one priority share the workers fairly
 */
record SubmitJobBody(
    @NotBlank String type,
    @NotEmpty List<@NotBlank String> inputs,
    @Min(1) Integer reducers,
    Map<@Size(max = 200) String, @Size(max = 10_000) String> params,
    @Valid CustomBody custom,
    @Min(value = MIN_PRIORITY, message = PRIORITY_RANGE) @Max(value = MAX_PRIORITY, message = PRIORITY_RANGE)
    Integer priority) {

  static final int MIN_PRIORITY = -10;
  static final int MAX_PRIORITY = 10;
  private static final String PRIORITY_RANGE = "must be between -10 and 10";

  /**
   * The code of a custom job.
   *
   * @param artifact id of a jar from {@code POST /api/v1/artifacts}
   * @param mapper fully qualified {@code io.gristmill.mapreduce.Mapper} class
   * @param reducer fully qualified {@code io.gristmill.mapreduce.Reducer} class
   * @param combiner optional {@code Combiner} class
   * @param partitioner optional {@code Partitioner} class; the hash partitioner when absent
   */
  record CustomBody(@NotBlank String artifact, @NotBlank @Size(max = 1000) String mapper,
      @NotBlank @Size(max = 1000) String reducer, @Size(max = 1000) String combiner,
      @Size(max = 1000) String partitioner) {}

  int reducersOrDefault() {
    return reducers == null ? 1 : reducers;
  }

  int priorityOrDefault() {
    return priority == null ? 0 : priority;
  }

  Map<String, String> paramsOrEmpty() {
    return params == null ? Map.of() : params;
  }
}
