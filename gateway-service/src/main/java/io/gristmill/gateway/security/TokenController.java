package io.gristmill.gateway.security;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only management of API tokens; the secret of a token is shown once, in the answer that creates it. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

  private final ApiTokens tokens;

  TokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * @param name what the token is for, unique among live tokens
   * @param principal the user the token acts as (owner of what it creates)
   * @param role viewer, submitter or admin
   */
  record CreateTokenBody(String name, String principal, String role) {}

  /** A token as listed; {@code token} (the secret) is set only in the answer to its creation. */
  record TokenView(UUID id, String name, String principal, String role, Instant createdAt, Instant revokedAt,
      String token) {
    static TokenView of(ApiToken t, String secret) {
      return new TokenView(t.id(), t.name(), t.principal(), t.role().wireName(), t.createdAt(),
          t.revokedAt().orElse(null), secret);
    }
  }

  record TokenList(List<TokenView> tokens) {}

  @PostMapping
  ResponseEntity<TokenView> create(@RequestBody CreateTokenBody body) {
    ApiTokens.Created created = tokens.create(body.name(), body.principal(), body.role());
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.token().id()))
        .body(TokenView.of(created.token(), created.secret()));
  }

  @GetMapping
  TokenList list() {
    return new TokenList(tokens.list().stream().map(t -> TokenView.of(t, null)).toList());
  }

  /** Revokes the token; repeating it is harmless. */
  @DeleteMapping("/{id}")
  TokenView revoke(@PathVariable UUID id) {
    return TokenView.of(tokens.revoke(id), null);
  }
}
