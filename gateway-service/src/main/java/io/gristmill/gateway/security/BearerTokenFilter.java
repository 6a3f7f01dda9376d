package io.gristmill.gateway.security;

import io.gristmill.gateway.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admits a request only with {@code Authorization: Bearer <admin token>} and makes {@code admin} its principal.
 * It looks at headers only: it must never touch parameters or the body, which uploads stream through.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  static final String ADMIN = "admin";
  private static final String BEARER = "Bearer ";
  private static final String REALM = "Bearer realm=\"gristmill\"";

  private final AdminToken adminToken;
  private final JsonMapper json;

  BearerTokenFilter(AdminToken adminToken, JsonMapper json) {
    this.adminToken = adminToken;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || authorization.isBlank()) {
      refuse(request, response, REALM,
          "Missing bearer token: send the header 'Authorization: Bearer <token>'.");
      return;
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !adminToken.matches(authorization.substring(BEARER.length()).strip())) {
      refuse(request, response, REALM + ", error=\"invalid_token\"", "The bearer token is not valid.");
      return;
    }
    chain.doFilter(new Authenticated(request, () -> ADMIN), response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, String challenge, String detail)
      throws IOException {
    ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, detail);
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(HttpStatus.UNAUTHORIZED.value());
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  /** The request as seen by the application once the caller is known. */
  private static final class Authenticated extends HttpServletRequestWrapper {
    private final Principal principal;

    Authenticated(HttpServletRequest request, Principal principal) {
      super(request);
      this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }
  }
}
