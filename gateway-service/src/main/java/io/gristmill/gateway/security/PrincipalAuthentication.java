package io.gristmill.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated caller as Spring Security holds it; its name is the principal's, so owners come out right. */
final class PrincipalAuthentication extends AbstractAuthenticationToken {

  private final CurrentPrincipal principal;

  PrincipalAuthentication(CurrentPrincipal principal) {
    super(List.of(new SimpleGrantedAuthority(principal.role().authority())));
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public CurrentPrincipal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal.name();
  }
}
