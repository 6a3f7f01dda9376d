package io.gristmill.mapreduce;

import java.util.Map;
import java.util.Optional;

/** The {@code params} a job was submitted with, read-only. */
public final class JobParameters {

  private final Map<String, String> values;

  public JobParameters(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The value of {@code name}, if given. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The value of {@code name}, or {@code fallback} when not given. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** @throws IllegalArgumentException naming the parameter when it is missing */
  public String require(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the job parameter '" + name + "' is required");
    }
    return value;
  }

  /** {@code true} or {@code false} (any case); {@code fallback} when not given. */
  public boolean getBoolean(String name, boolean fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("the job parameter '" + name + "' must be true or false, got '" + value + "'");
  }

  /** A decimal long; {@code fallback} when not given. */
  public long getLong(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the job parameter '" + name + "' must be an integer, got '" + value + "'");
    }
  }

  public Map<String, String> asMap() {
    return values;
  }
}
