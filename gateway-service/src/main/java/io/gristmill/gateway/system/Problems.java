package io.gristmill.gateway.system;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Problem details as the gateway writes them. The type is always stated, {@code about:blank} for now, so
 * clients need not know that an absent type means that (RFC 9457, section 4.2.1).
 */
public final class Problems {

  static final URI BLANK = URI.create("about:blank");

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(BLANK);
    return problem;
  }
}
