package io.gristmill.local.platform;

import java.util.Locale;

/** What a process of the local platform is, as written in cluster.json. */
public enum Role {
  DATABASE,
  STORAGE,
  JOB_SERVICE,
  WORKER,
  GATEWAY;

  /** The name in cluster.json: {@code storage}, {@code job-service}, ... */
  public String wireName() {
    return this == JOB_SERVICE ? "job-service" : name().toLowerCase(Locale.ROOT);
  }
}
