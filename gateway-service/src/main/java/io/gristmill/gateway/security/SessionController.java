package io.gristmill.gateway.security;

import io.gristmill.gateway.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's sign-in: it trades a bearer token for a session cookie once, so that the browser never keeps
 * the token and server-sent events (which cannot set headers) are authenticated too. Signing in and out are
 * state changes and need the CSRF token that {@code GET} hands out.
 */
@RestController
@RequestMapping("/ui/session")
class SessionController {

  private final ApiTokens tokens;
  private final AuthFailureLimiter limiter;
  private final SecurityContextRepository contexts;

  SessionController(ApiTokens tokens, AuthFailureLimiter limiter, SecurityContextRepository contexts) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.contexts = contexts;
  }

  /** Who is signed in (nulls when nobody) and the CSRF token for state-changing requests. */
  record SessionView(String principal, String role, String csrfHeader, String csrfToken) {}

  record SignInBody(String token) {}

  @GetMapping
  SessionView current(HttpServletRequest request) {
    return view(request, SecurityContextHolder.getContext().getAuthentication());
  }

  @PostMapping
  SessionView signIn(@RequestBody SignInBody body, HttpServletRequest request, HttpServletResponse response) {
    String client = request.getRemoteAddr();
    Optional<Duration> blocked = limiter.blockedFor(client);
    if (blocked.isPresent()) {
      long seconds = Math.max(1, blocked.get().toSeconds());
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      throw new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, Problems.of(HttpStatus.TOO_MANY_REQUESTS,
          "Too many failed authentications from this address; try again in " + seconds + " seconds."), null) {
        @Override
        public HttpHeaders getHeaders() {
          return headers;
        }
      };
    }
    Optional<CurrentPrincipal> principal = body.token() == null || body.token().isBlank() ? Optional.empty()
        : tokens.authenticate(body.token().strip());
    if (principal.isEmpty()) {
      limiter.failed(client);
      throw new ErrorResponseException(HttpStatus.UNAUTHORIZED,
          Problems.of(HttpStatus.UNAUTHORIZED, "The token is not valid."), null);
    }
    request.getSession(true);
    request.changeSessionId();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    PrincipalAuthentication authentication = new PrincipalAuthentication(principal.get());
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    return view(request, authentication);
  }

  @DeleteMapping
  ResponseEntity<Void> signOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    SecurityContextHolder.clearContext();
    return ResponseEntity.noContent().build();
  }

  private static SessionView view(HttpServletRequest request, Authentication authentication) {
    CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    String header = csrf == null ? null : csrf.getHeaderName();
    String token = csrf == null ? null : csrf.getToken();
    if (authentication instanceof PrincipalAuthentication p) {
      return new SessionView(p.getName(), p.getPrincipal().role().wireName(), header, token);
    }
    return new SessionView(null, null, header, token);
  }
}
