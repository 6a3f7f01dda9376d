package io.gristmill.jobs.system;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the job service, under {@code gristmill.jobs}.
 *
 * @param storageAddresses gRPC targets (host:port) of storage nodes, any of which answers for every file; asked
 *     in turn, moving on when one is unavailable
 * @param maxAttempts attempts a task gets before it, and its job, fails
 * @param maxReducers largest number of reduce tasks (R) a job may ask for
 * @param maxInputs largest number of input files a job may name
 * @param acquireMaxWait longest a worker's AcquireTask long poll is held waiting for a task, whatever it asks
 * @param heartbeatInterval how often workers are told to heartbeat
 * @param rpcTimeout deadline of each call this service makes to another service
 */
@Validated
@ConfigurationProperties("gristmill.jobs")
public record JobsProperties(
    @DefaultValue("localhost:9090") @NotEmpty List<String> storageAddresses,
    @DefaultValue("4") @Min(1) int maxAttempts,
    @DefaultValue("1000") @Min(1) int maxReducers,
    @DefaultValue("1000") @Min(1) int maxInputs,
    @DefaultValue("10s") Duration acquireMaxWait,
    @DefaultValue("3s") Duration heartbeatInterval,
    @DefaultValue("10s") Duration rpcTimeout) {}
