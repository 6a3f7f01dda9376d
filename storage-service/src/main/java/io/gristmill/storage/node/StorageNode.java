package io.gristmill.storage.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A storage node as the others see it: where to reach it and how full it is. */
@Entity
@Table(name = "nodes")
public class StorageNode {

  @Id
  private String id;

  @Column(nullable = false)
  private String address;

  @Column(nullable = false)
  private String zone;

  @Column(name = "capacity_bytes", nullable = false)
  private long capacityBytes;

  @Column(name = "used_bytes", nullable = false)
  private long usedBytes;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private NodeState state;

  @Column(name = "last_heartbeat", nullable = false)
  private Instant lastHeartbeat;

  protected StorageNode() {}

  StorageNode(String id, String address, String zone, DiskUsage disk, Instant now) {
    this.id = id;
    rejoined(address, zone, disk, now);
  }

  /** The node (re)started, possibly on another address or zone. */
  void rejoined(String address, String zone, DiskUsage disk, Instant now) {
    this.address = address;
    this.zone = zone;
    heartbeat(disk, now);
  }

  /** The node is alive: a DEAD node returns to LIVE, a draining or drained one stays so. */
  void heartbeat(DiskUsage disk, Instant now) {
    this.capacityBytes = disk.capacityBytes();
    this.usedBytes = disk.usedBytes();
    if (state == null) {
      state = NodeState.LIVE;
    } else if (state == NodeState.DEAD) {
      moveTo(NodeState.LIVE);
    }
    this.lastHeartbeat = now;
  }

  /** No heartbeat since {@code deadline}: the node is DEAD. Returns whether it changed. */
  public boolean markDeadIfSilentSince(Instant deadline) {
    if ((state == NodeState.LIVE || state == NodeState.DECOMMISSIONING) && lastHeartbeat.isBefore(deadline)) {
      moveTo(NodeState.DEAD);
      return true;
    }
    return false;
  }

  /** An administrator asked to drain the node; repeating it changes nothing. */
  public void decommission() {
    if (state != NodeState.DECOMMISSIONING && state != NodeState.DECOMMISSIONED) {
      moveTo(NodeState.DECOMMISSIONING);
    }
  }

  /** Every chunk the node held has its full replication elsewhere. */
  public void decommissioned() {
    moveTo(NodeState.DECOMMISSIONED);
  }

  private void moveTo(NodeState next) {
    if (!state.canBecome(next)) {
      throw new IllegalStateException("node " + id + " cannot go from " + state + " to " + next);
    }
    state = next;
  }

  public String id() {
    return id;
  }

  public String address() {
    return address;
  }

  public String zone() {
    return zone;
  }

  public long capacityBytes() {
    return capacityBytes;
  }

  public long usedBytes() {
    return usedBytes;
  }

  public NodeState state() {
    return state;
  }

  public Instant lastHeartbeat() {
    return lastHeartbeat;
  }
}
