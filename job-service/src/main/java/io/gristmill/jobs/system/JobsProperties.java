package io.gristmill.jobs.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
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
 * @param maxAttempts FAILED attempts a task may have before it, and its job, fails; attempts lost with their
 *     worker or killed by the job service do not count
 * @param maxLostAttemptsFactor a task whose attempts were lost with their workers {@code maxAttempts} times this
 *     factor fails its job too, so that a task that kills every worker it runs on (say, out of memory) ends
 * @param maxReducers largest number of reduce tasks (R) a job may ask for
 * @param maxInputs largest number of input files a job may name
 * @param acquireMaxWait longest a worker's AcquireTask long poll is held waiting for a task, whatever it asks
 * @param maxAssignmentsPerClaim most tasks one AcquireTask claims for a worker in one transaction, whatever it
 *     asks: a busy worker queues tiny tasks by the dozen instead of paying a claim (and a transaction) for each;
 *     workers bound their queue by its run time ({@code prefetch.ahead}), and this caps what any worker can hoard
 * @param heartbeatInterval how often workers are told to heartbeat
 * @param lease how long a worker's heartbeats may stop before it is declared dead (LOST), and how long a running
 *     attempt lives without a heartbeat that lists it
 * @param fetchFailuresBeforeRerun reports from distinct reduce attempts that they could not fetch one map
 *     attempt's output, after which that map task runs again (at once when the map's worker is gone)
 * @param rpcTimeout deadline of each call this service makes to another service
 * @param retryBackoff delay before a task whose attempt FAILED may run again
 * @param backup speculative (backup) attempts of stragglers
 * @param deadWorkers the duty that declares silent workers dead and expires attempts whose lease ran out
 * @param requestIds the duty that forgets old request ids of RegisterWorker and SubmitJob
 * @param departedWorkerRetention how long LOST and LEFT workers stay in the workers list
 * @param waits GetJob calls held until their job ends
 */
@Validated
@ConfigurationProperties("gristmill.jobs")
public record JobsProperties(
    @DefaultValue("localhost:9090") @NotEmpty List<String> storageAddresses,
    @DefaultValue("4") @Min(1) int maxAttempts,
    @DefaultValue("3") @Min(1) int maxLostAttemptsFactor,
    @DefaultValue("1000") @Min(1) int maxReducers,
    @DefaultValue("1000") @Min(1) int maxInputs,
    @DefaultValue("10s") Duration acquireMaxWait,
    @DefaultValue("32") @Min(1) int maxAssignmentsPerClaim,
    @DefaultValue("3s") Duration heartbeatInterval,
    @DefaultValue("10s") Duration lease,
    @DefaultValue("2") @Min(1) int fetchFailuresBeforeRerun,
    @DefaultValue("10s") Duration rpcTimeout,
    @DefaultValue RetryBackoff retryBackoff,
    @DefaultValue Backup backup,
    @DefaultValue DeadWorkers deadWorkers,
    @DefaultValue RequestIds requestIds,
    @DefaultValue("1h") Duration departedWorkerRetention,
    @DefaultValue @Valid Waits waits) {

  /**
   * Exponential backoff with full jitter: after the n-th failure the task waits a random time in [0, min(max,
   * initial * 2^(n-1))).
   *
   * @param initial the cap of the first delay
   * @param max the largest cap
   */
  public record RetryBackoff(@DefaultValue("1s") Duration initial, @DefaultValue("30s") Duration max) {}

  /**
   * When an idle worker gets a second attempt of a running task. A task qualifies once no task of its kind in its
   * job waits, it has exactly one running attempt, and that attempt has run longer than both {@code minRuntime}
   * and {@code slownessFactor} times the median duration of the job's succeeded attempts of the same kind.
   *
   * @param enabled whether backups are launched at all
   * @param minRuntime an attempt younger than this never gets a backup
   * @param slownessFactor how many times slower than the median a straggler is
   * @param maxFraction backups a job may have, as a fraction of its tasks (at least one)
   */
  public record Backup(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration minRuntime,
      @DefaultValue("2.0") @DecimalMin("1.0") double slownessFactor,
      @DefaultValue("0.1") @DecimalMin("0.0") double maxFraction) {}

  /**
   * GetJob calls that wait for their job to end instead of answering at once, so that clients need not poll.
   *
   * @param maxWait the longest wait a call may ask for
   * @param maxWaiting calls this process holds at once; more are refused with RESOURCE_EXHAUSTED
   * @param recheck how often the jobs waited for are read again, for ends this process was not told of (a job
   *     ended through another job-service process)
   */
  public record Waits(@DefaultValue("60s") Duration maxWait, @DefaultValue("10000") @Min(1) int maxWaiting,
      @DefaultValue("1s") Duration recheck) {}

  /** @param period how often the duty runs (on every instance; one at a time does the work) */
  public record DeadWorkers(@DefaultValue("2s") Duration period) {}

  /**
   * @param retention how long a request id is remembered, so that a retry within it returns the first answer
   * @param period how often forgotten ids are cleared
   */
  public record RequestIds(@DefaultValue("24h") Duration retention, @DefaultValue("10m") Duration period) {}
}
