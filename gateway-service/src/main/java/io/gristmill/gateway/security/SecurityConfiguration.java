package io.gristmill.gateway.security;

import io.gristmill.gateway.system.GatewayProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that says who may call what. Rules go by path and method, so endpoints added later are
 * covered without their authors' help: reading needs any role; uploading files, submitting and cancelling
 * jobs and word counts need {@code submitter}; everything else under {@code /api} needs {@code admin}
 * (tokens, artifacts, storage-node actions, and any endpoint nobody listed here). Ownership is not a
 * path rule: endpoints apply {@link OwnerScope}.
 *
 * <p>Callers authenticate with a bearer token per request; the dashboard signs in once with a token and then
 * uses a session cookie (SameSite=Strict, HttpOnly), so its state-changing requests must carry the CSRF token
 * that {@code GET /ui/session} hands out. Requests with a bearer header carry no ambient credential and so
 * need no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final String SUBMITTER = Role.SUBMITTER.name();
  private static final String ADMIN = Role.ADMIN.name();
  private static final String[] ANY_ROLE = {Role.VIEWER.name(), SUBMITTER, ADMIN};

  /** Static, public parts: the dashboard's shell and assets hold no data; the data comes through the API. */
  private static final String[] PUBLIC = {"/", "/index.html", "/ui/**", "/assets/**", "/favicon.svg",
      "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error",
      "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      + "script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
      + "form-action 'self'";

  @Bean
  BootstrapAdminToken bootstrapAdminToken(GatewayProperties properties) {
    BootstrapAdminToken token = BootstrapAdminToken.fromSha256Hex(properties.security().adminTokenSha256());
    if (!token.isConfigured()) {
      log.warn("gristmill.gateway.security.admin-token-sha256 is not set: only tokens made by an admin work");
    }
    return token;
  }

  @Bean
  AuthFailureLimiter authFailureLimiter(GatewayProperties properties, Clock clock) {
    GatewayProperties.Security security = properties.security();
    return new AuthFailureLimiter(security.failureLimit(), security.failureWindow(), clock);
  }

  @Bean
  SecurityContextRepository securityContextRepository() {
    return new HttpSessionSecurityContextRepository();
  }

  @Bean
  SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, JwtPrincipals jwts, AuthFailureLimiter limiter,
      JsonMapper json, SecurityContextRepository contexts) throws Exception {
    ProblemWriter problems = new ProblemWriter(json);
    http
        .securityContext(context -> context.securityContextRepository(contexts))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .csrf(csrf -> csrf
            .requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrfToken)
            .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
        .addFilterBefore(new BearerTokenFilter(tokens, jwts, limiter, problems), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(auth -> auth
            // The SSE stream's later dispatches: the request was authorised when the stream opened.
            .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
            .requestMatchers(PUBLIC).permitAll()
            .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole(ADMIN)
            .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(ANY_ROLE)
            .requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(ANY_ROLE)
            .requestMatchers(HttpMethod.POST, "/api/v1/files", "/api/v1/files/*/restore", "/api/v1/jobs",
                "/api/v1/jobs/*/cancel", "/api/v1/wordcount").hasAnyRole(SUBMITTER, ADMIN)
            .requestMatchers(HttpMethod.DELETE, "/api/v1/files/*").hasAnyRole(SUBMITTER, ADMIN)
            .requestMatchers("/api/**").hasRole(ADMIN)
            .anyRequest().denyAll())
        .exceptionHandling(errors -> errors
            .authenticationEntryPoint((request, response, e) -> problems.unauthorized(request, response, false,
                "Missing bearer token: send the header 'Authorization: Bearer <token>'."))
            .accessDeniedHandler((request, response, e) -> problems.write(request, response, HttpStatus.FORBIDDEN,
                e instanceof CsrfException
                    ? "Missing or invalid CSRF token: a signed-in dashboard must send the X-CSRF-TOKEN header that "
                        + "GET /ui/session returns."
                    : forbidden(request))))
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable());
    return http.build();
  }

  private static boolean needsCsrfToken(HttpServletRequest request) {
    return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
  }

  private static String forbidden(HttpServletRequest request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    String who = authentication instanceof PrincipalAuthentication p
        ? "Principal '" + p.getName() + "' with role '" + p.getPrincipal().role().wireName() + "'"
        : "This caller";
    return who + " may not " + request.getMethod() + " " + request.getRequestURI() + ".";
  }
}
