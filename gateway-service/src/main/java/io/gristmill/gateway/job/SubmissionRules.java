package io.gristmill.gateway.job;

import io.gristmill.gateway.security.CurrentPrincipal;
import io.gristmill.gateway.system.GatewayProperties;
import io.gristmill.gateway.system.Problems;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The gateway's own bounds on a submission, each refusal naming its limit; the job service still checks the
 * rules it owns (known types, existing inputs, its own bounds).
 */
final class SubmissionRules {

  private final GatewayProperties.Limits limits;
  private final List<String> adminOnlyTypes;

  SubmissionRules(GatewayProperties.Limits limits, List<String> adminOnlyTypes) {
    this.limits = limits;
    this.adminOnlyTypes = List.copyOf(adminOnlyTypes);
  }

  void check(SubmitJobBody body, CurrentPrincipal caller) {
    if (adminOnlyTypes.contains(body.type()) && !caller.isAdmin()) {
      throw refuse(HttpStatus.FORBIDDEN, "Job type '" + body.type() + "' runs custom code; only an admin may "
          + "submit it.");
    }
    if (body.inputs().size() > limits.maxInputs()) {
      throw badRequest("inputs: at most " + limits.maxInputs() + " input files are allowed "
          + "(gristmill.gateway.limits.max-inputs), got " + body.inputs().size());
    }
    int reducers = body.reducersOrDefault();
    if (reducers > limits.maxReducers()) {
      throw badRequest("reducers: must be between 1 and " + limits.maxReducers()
          + " (gristmill.gateway.limits.max-reducers), got " + reducers);
    }
    Map<String, String> params = body.paramsOrEmpty();
    if (params.size() > limits.maxParams()) {
      throw badRequest("params: at most " + limits.maxParams() + " parameters are allowed "
          + "(gristmill.gateway.limits.max-params), got " + params.size());
    }
    params.forEach((name, value) -> {
      if (name.length() > limits.maxParamNameLength()) {
        throw badRequest("params: a parameter name is " + name.length() + " characters long; at most "
            + limits.maxParamNameLength() + " are allowed (gristmill.gateway.limits.max-param-name-length)");
      }
      if (value == null) {
        throw badRequest("params." + name + ": must not be null");
      }
      if (value.length() > limits.maxParamValueLength()) {
        throw badRequest("params." + name + ": is " + value.length() + " characters long; at most "
            + limits.maxParamValueLength() + " are allowed (gristmill.gateway.limits.max-param-value-length)");
      }
    });
  }

  private static ErrorResponseException badRequest(String detail) {
    return refuse(HttpStatus.BAD_REQUEST, "Invalid request body: " + detail);
  }

  private static ErrorResponseException refuse(HttpStatus status, String detail) {
    return new ErrorResponseException(status, Problems.of(status, detail), null);
  }
}
