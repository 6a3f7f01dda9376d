package io.gristmill.storage.placement;

/**
 * A node that could take a new replica, as placement weighs it.
 *
 * @param recentCreations replicas it received within the recent-creation window
 */
public record Candidate(String id, String address, String zone, long capacityBytes, long usedBytes,
    int recentCreations) {

  double usage() {
    return capacityBytes <= 0 ? 1.0 : (double) usedBytes / capacityBytes;
  }

  boolean hasRoom() {
    return capacityBytes > usedBytes;
  }
}
