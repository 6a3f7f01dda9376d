package io.gristmill.jobs.job;

import io.gristmill.contracts.job.v1.CustomJob;

/** Maps custom job code between the wire and the model; empty strings on the wire are nulls in the model. */
public final class CustomCodes {

  private CustomCodes() {}

  public static CustomJob toMessage(CustomCode code) {
    return CustomJob.newBuilder()
        .setArtifactId(code.artifactId())
        .setArtifactSha256(orEmpty(code.artifactSha256()))
        .setMapperClass(code.mapperClass())
        .setReducerClass(code.reducerClass())
        .setCombinerClass(orEmpty(code.combinerClass()))
        .setPartitionerClass(orEmpty(code.partitionerClass()))
        .build();
  }

  static CustomCode fromMessage(CustomJob message) {
    return new CustomCode(message.getArtifactId(), null, message.getMapperClass(), message.getReducerClass(),
        orNull(message.getCombinerClass()), orNull(message.getPartitionerClass()));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String orNull(String s) {
    return s.isBlank() ? null : s.strip();
  }
}
