package io.gristmill.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down token guessing: after {@code limit} failed authentications from one client address within
 * {@code window}, that address is refused (429) until the window that began with its first failure ends.
 * Plain Java; memory is bounded by forgetting windows that have ended whenever the map grows large.
 */
final class AuthFailureLimiter {

  private static final int SWEEP_ABOVE = 10_000;

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  AuthFailureLimiter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  private record Window(Instant start, int failures) {}

  /** How long {@code client} must wait before trying again; empty when it may try now. */
  Optional<Duration> blockedFor(String client) {
    Window w = windows.get(client);
    Instant now = clock.instant();
    if (w == null || w.failures() < limit || !now.isBefore(w.start().plus(window))) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, w.start().plus(window)));
  }

  void failed(String client) {
    Instant now = clock.instant();
    if (windows.size() > SWEEP_ABOVE) {
      windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
    }
    windows.compute(client, (k, w) -> w == null || !now.isBefore(w.start().plus(window))
        ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
  }
}
