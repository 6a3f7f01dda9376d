package io.gristmill.gateway.security;

import io.gristmill.gateway.system.GatewayProperties;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Single sign-on: a bearer token that is a JWT signed by the organisation's identity provider. It is active only
 * when Spring Boot configures a {@link JwtDecoder} ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri},
 * {@code jwk-set-uri} or {@code public-key-location}). The principal is a claim ({@code sub} by default); the
 * role is the highest Gristmill role named in the roles claim, else the configured default.
 */
@Component
class JwtPrincipals {

  private final Optional<JwtDecoder> decoder;
  private final GatewayProperties.Jwt settings;

  JwtPrincipals(ObjectProvider<JwtDecoder> decoder, GatewayProperties properties) {
    this.decoder = Optional.ofNullable(decoder.getIfAvailable());
    this.settings = properties.security().jwt();
  }

  /** Empty when no decoder is configured, the token is no JWT, or it does not verify (signature, expiry). */
  Optional<CurrentPrincipal> authenticate(String token) {
    if (decoder.isEmpty() || token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty();
    }
    Jwt jwt;
    try {
      jwt = decoder.get().decode(token);
    } catch (JwtException e) {
      return Optional.empty();
    }
    String name = jwt.getClaimAsString(settings.principalClaim());
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    Role role = roles(jwt.getClaim(settings.rolesClaim())).stream()
        .map(Role::byWireName).flatMap(Optional::stream)
        .max(Role::compareTo)
        .orElse(Role.byWireName(settings.defaultRole()).orElse(Role.VIEWER));
    return Optional.of(new CurrentPrincipal(name, role));
  }

  /** A list claim, or one string of space-separated names (as OAuth2 scopes are written). */
  private static List<String> roles(Object claim) {
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String value) {
      return List.of(value.trim().split("\\s+"));
    }
    return List.of();
  }
}
