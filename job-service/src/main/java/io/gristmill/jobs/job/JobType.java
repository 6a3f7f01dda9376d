package io.gristmill.jobs.job;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The built-in job types workers know how to run. */
enum JobType {
  WORDCOUNT("wordcount");

  private final String wireName;

  JobType(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  static Optional<JobType> byWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  /** "wordcount, ..." for error messages. */
  static String known() {
    return Arrays.stream(values()).map(JobType::wireName).collect(Collectors.joining(", "));
  }
}
