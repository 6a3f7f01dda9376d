package io.gristmill.jobs.worker;

/**
 * Life of a registered worker. ALIVE while its heartbeats arrive within the lease; DRAINING once it said it is
 * finishing its attempts before leaving (it gets no new ones); LOST once declared dead; LEFT after it said goodbye.
 * LOST and LEFT are final: the process registers again as a new worker.
 */
public enum WorkerState {
  ALIVE,
  DRAINING,
  LOST,
  LEFT;

  /** Whether the worker still counts: it may heartbeat, and its attempts and map outputs are trusted. */
  public boolean isPresent() {
    return this == ALIVE || this == DRAINING;
  }
}
