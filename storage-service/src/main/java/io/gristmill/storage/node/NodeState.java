package io.gristmill.storage.node;

/** Whether a node takes part in the store. Failure detection adds the states it needs. */
public enum NodeState {
  /** Registered and heartbeating. */
  LIVE
}
