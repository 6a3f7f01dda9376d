package io.gristmill.gateway.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A bearer token made by an admin, stored as its SHA-256. It can only be revoked, never changed. */
@Entity
@Table(name = "api_token")
class ApiToken {

  @Id
  private UUID id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String principal;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Role role;

  @Column(nullable = false)
  private String sha256;

  @Column(nullable = false)
  private Instant createdAt;

  private Instant revokedAt;

  protected ApiToken() {}

  ApiToken(UUID id, String name, String principal, Role role, String sha256, Instant createdAt) {
    this.id = id;
    this.name = name;
    this.principal = principal;
    this.role = role;
    this.sha256 = sha256;
    this.createdAt = createdAt;
  }

  /** From now on the token authenticates nobody; revoking twice keeps the first time. */
  void revoke(Instant now) {
    if (revokedAt == null) {
      revokedAt = now;
    }
  }

  boolean isLive() {
    return revokedAt == null;
  }

  UUID id() {
    return id;
  }

  String name() {
    return name;
  }

  String principal() {
    return principal;
  }

  Role role() {
    return role;
  }

  Instant createdAt() {
    return createdAt;
  }

  Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }
}
