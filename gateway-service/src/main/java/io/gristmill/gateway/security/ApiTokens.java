package io.gristmill.gateway.security;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import io.gristmill.gateway.system.GatewayProperties;
import io.gristmill.gateway.system.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.ErrorResponseException;

/**
 * Who a presented bearer token is, and the admin's token management. A token's secret leaves this class
 * exactly once, in the answer to {@link #create}; the log never sees it.
 */
@Service
class ApiTokens {

  private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}");

  private final ApiTokenRepository tokens;
  private final BootstrapAdminToken bootstrap;
  private final VerifiedTokens verified;
  private final Clock clock;

  ApiTokens(ApiTokenRepository tokens, BootstrapAdminToken bootstrap, GatewayProperties properties, Clock clock) {
    this.tokens = tokens;
    this.bootstrap = bootstrap;
    GatewayProperties.Security security = properties.security();
    this.verified = new VerifiedTokens(security.tokenCacheTtl(), security.tokenCacheSize(), clock);
    this.clock = clock;
  }

  /** A token just made, with its secret. */
  record Created(ApiToken token, String secret) {}

  /**
   * The principal a presented token acts as; empty when it is unknown or revoked. Every request with a bearer
   * token comes here, so neither the bootstrap token nor a token verified within the cache's TTL costs a database
   * transaction; the repository's lookup is its own read-only one.
   */
  public Optional<CurrentPrincipal> authenticate(String presented) {
    byte[] hash = TokenDigest.sha256(presented);
    if (bootstrap.matches(hash)) {
      return Optional.of(new CurrentPrincipal(BootstrapAdminToken.PRINCIPAL, Role.ADMIN));
    }
    String sha256Hex = HexFormat.of().formatHex(hash);
    Optional<CurrentPrincipal> cached = verified.find(sha256Hex);
    if (cached.isPresent()) {
      return cached;
    }
    long generation = verified.generation();
    Optional<CurrentPrincipal> found = tokens.findBySha256(sha256Hex)
        .filter(ApiToken::isLive)
        .map(token -> new CurrentPrincipal(token.principal(), token.role()));
    found.ifPresent(principal -> verified.remember(sha256Hex, principal, generation));
    return found;
  }

  /**
   * @throws InvalidTokenRequestException for a bad name, principal or role, or a name a live token has
   */
  @Transactional
  Created create(String name, String principal, String roleName) {
    requireValid("name", name);
    requireValid("principal", principal);
    Role role = Role.byWireName(roleName == null ? "" : roleName).orElseThrow(() -> new InvalidTokenRequestException(
        "role '" + roleName + "' is not a role; known roles: " + Role.known()));
    String secret = TokenDigest.newToken();
    ApiToken token = new ApiToken(UUID.randomUUID(), name, principal, role, TokenDigest.sha256Hex(secret),
        clock.instant());
    try {
      tokens.saveAndFlush(token);
    } catch (DataIntegrityViolationException e) {
      throw new TokenNameTakenException("a live token is already named '" + name + "'");
    }
    log.info("API token {} '{}' created for principal {} with role {}", token.id(), name, principal,
        role.wireName());
    return new Created(token, secret);
  }

  @Transactional(readOnly = true)
  List<ApiToken> list() {
    return tokens.findAllByOrderByCreatedAtDescIdAsc();
  }

  /**
   * Revoking a revoked token is harmless; an unknown id is {@link UnknownTokenException}. The token stops working
   * on this gateway as soon as the revocation commits (the cache of verified tokens is emptied then), and on other
   * gateway instances within their cache's TTL.
   */
  @Transactional
  ApiToken revoke(UUID id) {
    ApiToken token = tokens.findById(id).orElseThrow(() -> new UnknownTokenException("token " + id + " not found"));
    token.revoke(clock.instant());
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        verified.invalidateAll();
      }
    });
    log.info("API token {} '{}' revoked", id, token.name());
    return token;
  }

  private static void requireValid(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new InvalidTokenRequestException(field + " must be 1 to 64 letters, digits, spaces or ._@- and start "
          + "with a letter or digit, got " + (value == null ? "nothing" : "'" + value + "'"));
    }
  }

  /** 400: what is wrong with the request. */
  static final class InvalidTokenRequestException extends ErrorResponseException {
    InvalidTokenRequestException(String detail) {
      super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, detail), null);
    }
  }

  /** 409: names identify live tokens. */
  static final class TokenNameTakenException extends ErrorResponseException {
    TokenNameTakenException(String detail) {
      super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, detail), null);
    }
  }

  /** 404. */
  static final class UnknownTokenException extends ErrorResponseException {
    UnknownTokenException(String detail) {
      super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, detail), null);
    }
  }
}
