package io.gristmill.gateway.security;

import io.gristmill.gateway.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes the security layer's refusals as problem details, since they happen before any controller runs. */
final class ProblemWriter {

  static final String REALM = "Bearer realm=\"gristmill\"";

  private final JsonMapper json;

  ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  void unauthorized(HttpServletRequest request, HttpServletResponse response, boolean invalidToken, String detail)
      throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, invalidToken ? REALM + ", error=\"invalid_token\"" : REALM);
    write(request, response, HttpStatus.UNAUTHORIZED, detail);
  }

  void tooManyFailures(HttpServletRequest request, HttpServletResponse response, Duration wait) throws IOException {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentications from this address; "
        + "try again in " + seconds + " seconds.");
  }

  void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail problem = Problems.of(status, detail);
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
