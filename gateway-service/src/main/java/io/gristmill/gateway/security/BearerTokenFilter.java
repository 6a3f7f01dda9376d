package io.gristmill.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code Authorization: Bearer <token>} for that request only (no
 * session): an API token, or a single-sign-on JWT when {@link JwtPrincipals} is configured. A wrong token is answered 401 at once and counted against the client address; a request without
 * the header passes on unauthenticated, for the dashboard's session or the entry point's 401. It looks at
 * headers only: it must never touch parameters or the body, which uploads stream through.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final ApiTokens tokens;
  private final JwtPrincipals jwts;
  private final AuthFailureLimiter limiter;
  private final ProblemWriter problems;

  BearerTokenFilter(ApiTokens tokens, JwtPrincipals jwts, AuthFailureLimiter limiter, ProblemWriter problems) {
    this.tokens = tokens;
    this.jwts = jwts;
    this.limiter = limiter;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || authorization.isBlank()) {
      chain.doFilter(request, response);
      return;
    }
    String client = request.getRemoteAddr();
    Optional<Duration> blocked = limiter.blockedFor(client);
    if (blocked.isPresent()) {
      problems.tooManyFailures(request, response, blocked.get());
      return;
    }
    Optional<CurrentPrincipal> principal = Optional.empty();
    if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).strip();
      principal = tokens.authenticate(token).or(() -> jwts.authenticate(token));
    }
    if (principal.isEmpty()) {
      limiter.failed(client);
      problems.unauthorized(request, response, true, "The bearer token is not valid.");
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new PrincipalAuthentication(principal.get()));
    SecurityContextHolder.setContext(context);
    chain.doFilter(request, response);
  }
}
