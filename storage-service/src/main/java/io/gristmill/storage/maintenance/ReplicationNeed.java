package io.gristmill.storage.maintenance;

import java.util.Comparator;
import java.util.UUID;

/**
 * A chunk below its replication goal. Repair takes the most endangered first: fewest replicas left, then the
 * largest shortfall, so a chunk down to one replica is copied before one down to two.
 */
record ReplicationNeed(UUID handle, long size, long version, int goal, int live) {

  static final Comparator<ReplicationNeed> MOST_ENDANGERED_FIRST = Comparator
      .comparingInt(ReplicationNeed::live)
      .thenComparing(Comparator.comparingInt(ReplicationNeed::missing).reversed())
      .thenComparing(ReplicationNeed::handle);

  int missing() {
    return goal - live;
  }
}
