package io.gristmill.gateway.system;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway, under {@code gristmill.gateway}.
 *
 * @param jobServiceAddress gRPC target of the job service: {@code host:port}, or any target Spring gRPC
 *     accepts (tests use {@code in-process:name})
 * @param storageAddresses gRPC targets of the storage nodes; calls are spread over them and idempotent ones
 *     fail over to the next node
 * @param maxUploadSize largest accepted upload body; larger ones are refused with 413, up front when the
 *     request declares its length, else as soon as the streamed body passes the limit
 * @param rpcTimeout deadline of every short gRPC call (job submission and lookup, file metadata)
 * @param transferTimeout deadline of a whole upload or download stream to or from storage, so it must allow
 *     for the largest file at the slowest expected rate
 * @param security authentication of REST callers
 * @param maxArtifactSize largest job jar accepted by {@code POST /api/v1/artifacts} (413 above it)
 * @param limits bounds on everything else a caller controls
 * @param events live updates (server-sent events) of the dashboard
 * @param shortCircuitReads whether a download reads the file's bytes straight from the chunk files of a storage
 *     node whose disk this host sees (same host, proven by the node's {@code node-id} file), checking the replica's
 *     version and every 64 KiB block's CRC32C as the node does, instead of through the node over gRPC; a missing,
 *     corrupt or other-version replica is read through the nodes instead. {@code false} reads every download
 *     through the storage nodes
 * @param uploadReadBuffer bytes Tomcat reads from a connection at once (its default is 8 KiB): larger reads make a
 *     streamed upload cost fewer system calls; held per connection while it is served
 */
@ConfigurationProperties("gristmill.gateway")
public record GatewayProperties(
    @DefaultValue("localhost:9091") String jobServiceAddress,
    @DefaultValue("localhost:9090") List<String> storageAddresses,
    @DefaultValue("64GB") DataSize maxUploadSize,
    @DefaultValue("10s") Duration rpcTimeout,
    @DefaultValue("1h") Duration transferTimeout,
    @DefaultValue Security security,
    @DefaultValue("100MB") DataSize maxArtifactSize,
    @DefaultValue Limits limits,
    @DefaultValue Events events,
    @DefaultValue("true") boolean shortCircuitReads,
    @DefaultValue("64KB") DataSize uploadReadBuffer) {

  /**
   * @param adminTokenSha256 lower- or upper-case hex SHA-256 of the bootstrap admin bearer token (the token
   *     itself is never configured); it acts as principal {@code admin}. When unset, only tokens made through
   *     {@code /api/v1/tokens} work, so the API is closed until one exists.
   * @param failureLimit failed authentications one client address may make within {@code failureWindow}
   *     before it is refused with 429
   * @param failureWindow the window over which failures are counted, from the first one
   * @param adminOnlyJobTypes job types that run caller-supplied code, which only admins may submit
   * @param jwt how a single-sign-on JWT maps to a principal and role (used only when
   *     {@code spring.security.oauth2.resourceserver.jwt.*} configures a decoder)
   * @param tokenCacheTtl how long an API token found live in the database is trusted without looking it up
   *     again, so that a polling client costs no database query per request; a revocation through this gateway
   *     takes effect at once, one through another gateway instance within this time; 0 looks up every request
   * @param tokenCacheSize most API tokens remembered at once
   */
  public record Security(
      String adminTokenSha256,
      @DefaultValue("10") int failureLimit,
      @DefaultValue("1m") Duration failureWindow,
      @DefaultValue("custom") List<String> adminOnlyJobTypes,
      @DefaultValue Jwt jwt,
      @DefaultValue("5s") Duration tokenCacheTtl,
      @DefaultValue("10000") int tokenCacheSize) {}

  /**
   * @param principalClaim the claim that names the principal (the owner of what it creates)
   * @param rolesClaim the claim listing roles (a JSON array or a space-separated string); the highest of
   *     {@code viewer}, {@code submitter}, {@code admin} named there applies
   * @param defaultRole the role of a token whose roles claim names none
   */
  public record Jwt(
      @DefaultValue("sub") String principalClaim,
      @DefaultValue("roles") String rolesClaim,
      @DefaultValue("viewer") String defaultRole) {}

  /**
   * @param maxRequestBody largest JSON or text body ({@code POST /api/v1/wordcount} included); streamed
   *     uploads have {@code max-upload-size} instead
   * @param maxPageSize largest page a list endpoint returns
   * @param defaultPageSize page size when the caller names none
   * @param maxInputs most input files one job may name
   * @param maxReducers most reduce tasks one job may ask for
   * @param maxParams most parameters one job may carry
   * @param maxParamNameLength longest parameter name, in characters
   * @param maxParamValueLength longest parameter value, in characters
   * @param maxJobWait longest {@code waitSeconds} a job's GET may ask for (the job service's
   *     {@code gristmill.jobs.waits.max-wait} must be at least as long)
   */
  public record Limits(
      @DefaultValue("1MB") DataSize maxRequestBody,
      @DefaultValue("200") int maxPageSize,
      @DefaultValue("50") int defaultPageSize,
      @DefaultValue("1000") int maxInputs,
      @DefaultValue("1000") int maxReducers,
      @DefaultValue("64") int maxParams,
      @DefaultValue("128") int maxParamNameLength,
      @DefaultValue("4096") int maxParamValueLength,
      @DefaultValue("60s") Duration maxJobWait) {}

  /**
   * @param pollInterval how often an open event stream asks the job service for changes
   * @param streamTimeout how long one event stream stays open; the browser reconnects after it
   * @param maxStreams open event streams the gateway serves at once; more are refused with 503
   */
  public record Events(
      @DefaultValue("1s") Duration pollInterval,
      @DefaultValue("30m") Duration streamTimeout,
      @DefaultValue("200") int maxStreams) {}
}
