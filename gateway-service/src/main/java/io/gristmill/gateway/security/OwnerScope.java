package io.gristmill.gateway.security;

import java.util.function.Supplier;

/**
 * The one ownership rule of the API: every file and job has an owner, and a caller sees and touches only its
 * own unless it is an admin. Someone else's resource answers exactly as a missing one (404), so ids cannot be
 * probed. Plain Java; endpoints call it after fetching a resource and before listing.
 */
public final class OwnerScope {

  private OwnerScope() {}

  /**
   * The owner filter to pass to a backend list call: an admin's own choice ({@code requested}, null or blank
   * for every owner), anyone else's own name whatever it asked for.
   */
  public static String ownerFilter(CurrentPrincipal caller, String requested) {
    if (caller.isAdmin()) {
      return requested == null || requested.isBlank() ? "" : requested;
    }
    return caller.name();
  }

  /** Whether {@code caller} may see and act on a resource owned by {@code owner}. */
  public static boolean maySee(CurrentPrincipal caller, String owner) {
    return caller.isAdmin() || caller.name().equals(owner);
  }

  /**
   * Returns {@code resource} when {@code caller} may see it; otherwise throws what {@code notFound} makes,
   * which must be the very error a missing resource gets.
   */
  public static <T> T requireVisible(CurrentPrincipal caller, String owner, T resource,
      Supplier<? extends RuntimeException> notFound) {
    if (!maySee(caller, owner)) {
      throw notFound.get();
    }
    return resource;
  }
}
