package io.gristmill.mapreduce;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A task's counters by name, created on first use. Not thread-safe. */
public final class Counters {

  /** The prefix of counters a job's own code creates. */
  public static final String USER_PREFIX = "user.";

  private final Map<String, Counter> byName = new LinkedHashMap<>();

  /** The counter called {@code name}, created at zero on first use. */
  public Counter get(String name) {
    return byName.computeIfAbsent(name, n -> new Counter());
  }

  /** Adds {@code delta} to the counter called {@code name}. */
  public void add(String name, long delta) {
    get(name).increment(delta);
  }

  /** Every counter's value, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> values = new TreeMap<>();
    byName.forEach((name, counter) -> values.put(name, counter.value()));
    return Collections.unmodifiableMap(values);
  }
}
