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
 */
@ConfigurationProperties("gristmill.gateway")
public record GatewayProperties(
    @DefaultValue("localhost:9091") String jobServiceAddress,
    @DefaultValue("localhost:9090") List<String> storageAddresses,
    @DefaultValue("64GB") DataSize maxUploadSize,
    @DefaultValue("10s") Duration rpcTimeout,
    @DefaultValue("1h") Duration transferTimeout,
    @DefaultValue Security security,
    @DefaultValue("100MB") DataSize maxArtifactSize) {

  /**
   * @param adminTokenSha256 lower- or upper-case hex SHA-256 of the admin bearer token (the token itself is
   *     never configured); when unset, every request under {@code /api} is refused
   */
  public record Security(String adminTokenSha256) {}
}
