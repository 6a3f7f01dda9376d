package io.gristmill.jobs.job;

import jakarta.persistence.Embeddable;

/**
 * The user code of a {@code custom} job.
 *
 * @param artifactId blob store file id of the jar
 * @param artifactSha256 hex SHA-256 of the jar, as the blob store recorded it; workers cache jars by it
 * @param mapperClass fully qualified mapper class
 * @param reducerClass fully qualified reducer class
 * @param combinerClass combiner class, or null for none
 * @param partitionerClass partitioner class, or null for the hash partitioner
 */
@Embeddable
public record CustomCode(String artifactId, String artifactSha256, String mapperClass, String reducerClass,
    String combinerClass, String partitionerClass) {

  /** The same code with the artifact's digest filled in. */
  CustomCode withSha256(String sha256) {
    return new CustomCode(artifactId, sha256, mapperClass, reducerClass, combinerClass, partitionerClass);
  }
}
