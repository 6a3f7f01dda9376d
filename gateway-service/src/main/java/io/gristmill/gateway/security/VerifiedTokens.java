package io.gristmill.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API tokens this gateway found live in PostgreSQL a moment ago, by SHA-256, so that a client polling the API does
 * not cost a database lookup per request. An entry lives for {@code ttl}; a revocation through this gateway empties
 * the cache at once (a revocation through another gateway instance takes effect here within {@code ttl}). Only
 * live tokens are remembered: an unknown token is looked up every time, so one created a moment ago works at once.
 * Bounded: when {@code maxEntries} are held, expired entries are dropped, and if none had expired, everything.
 */
final class VerifiedTokens {

  private record Entry(CurrentPrincipal principal, Instant expiresAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  /** Moves on every invalidation, so that a lookup that began before one cannot store what it read. */
  private final AtomicLong generation = new AtomicLong();
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;

  VerifiedTokens(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** Pass to {@link #remember} with what a lookup that starts now finds. */
  long generation() {
    return generation.get();
  }

  /** The principal of a token verified less than the TTL ago. */
  Optional<CurrentPrincipal> find(String sha256Hex) {
    Entry entry = entries.get(sha256Hex);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expiresAt())) {
      entries.remove(sha256Hex, entry);
      return Optional.empty();
    }
    return Optional.of(entry.principal());
  }

  /**
   * Remembers a token found live by a lookup that started at {@code seenGeneration}; nothing when an invalidation
   * came since (the lookup may have read the token before its revocation committed).
   */
  void remember(String sha256Hex, CurrentPrincipal principal, long seenGeneration) {
    if (ttl.isZero() || ttl.isNegative()) {
      return;
    }
    Instant now = clock.instant();
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(sha256Hex, new Entry(principal, now.plus(ttl)));
    if (generation.get() != seenGeneration) {
      entries.remove(sha256Hex);
    }
  }

  /** Forgets every token: called once a revocation has committed. */
  void invalidateAll() {
    generation.incrementAndGet();
    entries.clear();
  }
}
