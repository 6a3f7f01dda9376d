package io.gristmill.storage.maintenance;

import java.time.Duration;

/** A background duty of the store, run on one node at a time (the leader) every {@link #period()}. */
interface MaintenanceDuty {

  /** Short name, the {@code duty} tag of its metrics. */
  String name();

  Duration period();

  /** One pass; must be safe to run again after a crash halfway, on this node or another. */
  void run();
}
