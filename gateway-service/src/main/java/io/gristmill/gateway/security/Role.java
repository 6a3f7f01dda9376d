package io.gristmill.gateway.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a token may do. Each role includes the ones before it: a viewer reads, a submitter also uploads files
 * and submits and cancels its own jobs, an admin does everything, including other principals' resources,
 * custom-code jobs and the admin actions.
 */
public enum Role {
  VIEWER,
  SUBMITTER,
  ADMIN;

  /** The name callers use, e.g. {@code submitter}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Spring Security authority of this role. */
  String authority() {
    return "ROLE_" + name();
  }

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  static Optional<Role> byWireName(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
  }

  static String known() {
    return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
  }
}
