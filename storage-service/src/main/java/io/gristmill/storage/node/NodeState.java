package io.gristmill.storage.node;

/** Whether a node takes part in the store, with the one table of allowed transitions. */
public enum NodeState {
  /** Registered and heartbeating; takes new replicas. */
  LIVE,
  /** Missed heartbeats for the dead-node timeout; its replicas do not count until it returns. */
  DEAD,
  /** Being drained on an administrator's request: serves reads, takes no new replicas. */
  DECOMMISSIONING,
  /** Drained: every chunk it held has its full replication elsewhere; holds nothing the store needs. */
  DECOMMISSIONED;

  boolean canBecome(NodeState next) {
    return switch (this) {
      case LIVE -> next == DEAD || next == DECOMMISSIONING;
      case DEAD -> next == LIVE || next == DECOMMISSIONED;
      case DECOMMISSIONING -> next == DEAD || next == DECOMMISSIONED;
      case DECOMMISSIONED -> false;
    };
  }

  /** Whether replicas on a node in this state may serve reads and act as copy sources. */
  public boolean serves() {
    return this == LIVE || this == DECOMMISSIONING;
  }
}
