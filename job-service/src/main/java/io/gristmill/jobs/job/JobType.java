package io.gristmill.jobs.job;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The job types workers know how to run: the built-ins, and {@code custom} for user code from a jar. */
enum JobType {
  WORDCOUNT("wordcount"),
  GREP("grep"),
  INVERTED_INDEX("inverted-index"),
  CUSTOM("custom");

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

  /** "wordcount, grep, ..." for error messages. */
  static String known() {
    return Arrays.stream(values()).map(JobType::wireName).collect(Collectors.joining(", "));
  }
}
