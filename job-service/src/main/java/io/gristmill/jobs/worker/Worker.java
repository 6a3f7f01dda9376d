package io.gristmill.jobs.worker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A registered worker process. A worker that restarts registers again and is a new worker. */
@Entity
@Table(name = "worker")
public class Worker {

  @Id
  private UUID id;

  @Column(nullable = false)
  private String host;

  @Column(nullable = false)
  private long pid;

  @Column(nullable = false)
  private int slots;

  @Column(nullable = false)
  private String shuffleAddress;

  @Column(nullable = false)
  private Instant registeredAt;

  @Column(nullable = false)
  private Instant lastHeartbeat;

  protected Worker() {}

  Worker(String host, long pid, int slots, String shuffleAddress, Instant now) {
    this.id = UUID.randomUUID();
    this.host = host;
    this.pid = pid;
    this.slots = slots;
    this.shuffleAddress = shuffleAddress;
    this.registeredAt = now;
    this.lastHeartbeat = now;
  }

  void heartbeat(Instant now) {
    lastHeartbeat = now;
  }

  public UUID id() {
    return id;
  }

  public String host() {
    return host;
  }

  public long pid() {
    return pid;
  }

  public int slots() {
    return slots;
  }

  public String shuffleAddress() {
    return shuffleAddress;
  }

  public Instant registeredAt() {
    return registeredAt;
  }

  public Instant lastHeartbeat() {
    return lastHeartbeat;
  }
}
