package io.gristmill.storage.blob;

import io.gristmill.storage.system.StorageException;

/**
 * What an upload header must satisfy. Plain rules: the limits come from configuration, nothing else.
 *
 * @param defaultChunkSize used when the header asks for 0
 * @param minChunkSize smallest chunk size a header may ask for
 * @param maxChunkSize largest chunk size a header may ask for
 * @param defaultReplication used when the header asks for 0
 * @param maxReplication largest replication a header may ask for
 */
record UploadRules(long defaultChunkSize, long minChunkSize, long maxChunkSize, int defaultReplication,
    int maxReplication) {

  static final int MAX_NAME_LENGTH = 255;

  /** The plan for a header, or INVALID_REQUEST saying precisely what is wrong with it. */
  UploadPlan plan(String name, long chunkSize, int replication, String owner) {
    checkName(name);
    long effectiveChunkSize = chunkSize == 0 ? defaultChunkSize : chunkSize;
    if (effectiveChunkSize < minChunkSize || effectiveChunkSize > maxChunkSize) {
      throw StorageException.invalidRequest("chunk size " + chunkSize + " is outside the allowed range ["
          + minChunkSize + ", " + maxChunkSize + "] bytes");
    }
    int effectiveReplication = replication == 0 ? defaultReplication : replication;
    if (effectiveReplication < 1 || effectiveReplication > maxReplication) {
      throw StorageException.invalidRequest("replication " + replication + " is outside the allowed range [1, "
          + maxReplication + "]");
    }
    return new UploadPlan(name, effectiveChunkSize, effectiveReplication, owner);
  }

  /** INVALID_REQUEST unless {@code name} is a valid file name: 1..255 characters, no control characters. */
  static void checkName(String name) {
    if (name.isEmpty()) {
      throw StorageException.invalidRequest("name must not be empty");
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_NAME_LENGTH) {
      throw StorageException.invalidRequest("name is " + length + " characters long; at most " + MAX_NAME_LENGTH
          + " are allowed");
    }
    int[] codePoints = name.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      if (Character.isISOControl(codePoints[i])) {
        throw StorageException.invalidRequest(String.format("name contains the control character U+%04X at "
            + "position %d", codePoints[i], i));
      }
    }
  }
}
