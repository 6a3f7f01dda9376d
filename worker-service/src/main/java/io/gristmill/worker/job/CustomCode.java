package io.gristmill.worker.job;

/**
 * The user code of a {@code custom} job: a jar in the blob store and the classes to run from it.
 *
 * @param artifactFileId blob store file holding the jar
 * @param artifactSha256 its SHA-256, the key of the worker's jar cache
 * @param mapper mapper class name
 * @param reducer reducer class name
 * @param combiner combiner class name, empty for none
 * @param partitioner partitioner class name, empty for the hash partitioner
 */
public record CustomCode(String artifactFileId, String artifactSha256, String mapper, String reducer,
    String combiner, String partitioner) {}
