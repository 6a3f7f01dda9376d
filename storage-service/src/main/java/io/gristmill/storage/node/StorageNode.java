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

  void heartbeat(DiskUsage disk, Instant now) {
    this.capacityBytes = disk.capacityBytes();
    this.usedBytes = disk.usedBytes();
    this.state = NodeState.LIVE;
    this.lastHeartbeat = now;
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
