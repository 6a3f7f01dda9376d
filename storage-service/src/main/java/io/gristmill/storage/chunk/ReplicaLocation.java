package io.gristmill.storage.chunk;

/**
 * Where a replica of a chunk is and whether it may serve reads.
 *
 * @param version the version of the bytes the replica holds
 * @param nodeServes whether its node is LIVE or draining (not DEAD or gone)
 */
public record ReplicaLocation(String nodeId, String address, String zone, ReplicaState state, long version,
    boolean nodeServes) {}
