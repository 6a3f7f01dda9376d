package io.gristmill.gateway.job;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/jobs}. Only presence and shape are checked here; the job service owns the rules
 * (known types, whether the inputs exist) and its INVALID_ARGUMENT descriptions reach the caller unchanged.
 *
 * @param type built-in job type, e.g. {@code wordcount}
 * @param inputs file ids, at least one
 * @param reducers number of reduce tasks; 1 when absent
 * @param params type-specific parameters; none when absent
 */
record SubmitJobBody(
    @NotBlank String type,
    @NotEmpty List<@NotBlank String> inputs,
    @Min(1) Integer reducers,
    Map<String, String> params) {

  int reducersOrDefault() {
    return reducers == null ? 1 : reducers;
  }

  Map<String, String> paramsOrEmpty() {
    return params == null ? Map.of() : params;
  }
}
