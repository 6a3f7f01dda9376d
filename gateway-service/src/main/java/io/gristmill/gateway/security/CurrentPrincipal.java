package io.gristmill.gateway.security;

/**
 * Who is calling and with what role. A controller gets it by declaring a parameter of this type (see
 * {@link CurrentPrincipalResolver}); it is always present, since every {@code /api} request is authenticated.
 *
 * @param name the owner of what the caller creates
 * @param role what the caller may do
 */
public record CurrentPrincipal(String name, Role role) {

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
