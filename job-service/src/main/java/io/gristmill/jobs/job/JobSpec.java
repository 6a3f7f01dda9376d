package io.gristmill.jobs.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * A job as its owner asks for it.
 *
 * @param type built-in job type, e.g. "wordcount"
 * @param inputFileIds blob store ids of the inputs, in order
 * @param reducers R, the number of reduce tasks
 * @param owner principal that owns the job
 * @param params type-specific parameters
 * @param custom the code of a custom job; null for built-in types
 * @param requestId caller-chosen id that makes the submission idempotent per owner; empty for none
 * @param priority scheduling priority, -10..10
 */
public record JobSpec(String type, List<String> inputFileIds, int reducers, String owner,
    Map<String, String> params, CustomCode custom, String requestId, int priority) {

  public JobSpec {
    inputFileIds = List.copyOf(inputFileIds);
    params = Map.copyOf(params);
    requestId = requestId == null ? "" : requestId;
  }

  /** A built-in job submitted without a request id. */
  public JobSpec(String type, List<String> inputFileIds, int reducers, String owner, Map<String, String> params) {
    this(type, inputFileIds, reducers, owner, params, null, "", 0);
  }

  /**
   * SHA-256 over everything the owner asked for, in a canonical order, so that a retry matches the first
   * request and a different request under the same id does not.
   */
  public String fingerprint() {
    StringBuilder canonical = new StringBuilder().append(type).append('\0').append(reducers).append('\0');
    inputFileIds.forEach(id -> canonical.append(id).append('\0'));
    new TreeMap<>(params).forEach((k, v) -> canonical.append(k).append('=').append(v).append('\0'));
    if (custom != null) {
      canonical.append(custom.artifactId()).append('\0').append(custom.mapperClass()).append('\0')
          .append(custom.reducerClass()).append('\0').append(custom.combinerClass()).append('\0')
          .append(custom.partitionerClass()).append('\0');
    }
    // Only a non-default priority is part of the fingerprint, so that ids remembered before priorities existed
    // still match their retries.
    if (priority != 0) {
      canonical.append("priority=").append(priority).append('\0');
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
