package io.gristmill.jobs.system;

import java.time.Duration;

/**
 * A background duty of the job service, run every {@link #period()} on every process. Implementations must be
 * safe when several processes run them at once, and when a run stops halfway.
 */
public interface Duty {

  /** Short name, the {@code duty} tag of its metrics. */
  String name();

  Duration period();

  /** One pass. */
  void run();
}
