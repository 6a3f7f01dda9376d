package io.gristmill.storage.chunk;

/** Where a replica of a chunk is and whether it may serve reads. */
public record ReplicaLocation(String nodeId, String address, String zone, ReplicaState state) {}
