package io.gristmill.jobs;

import io.gristmill.testsupport.time.MovableClock;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.gristmill.testsupport.postgres.FreshDatabaseInitializer;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole job service on a real PostgreSQL, its gRPC services reached through an in-process channel and real
 * stubs, its storage a {@link FakeBlobStore}. Every suite extending this shares one context; each test starts
 * with empty tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.grpc.server.inprocess.name=" + IntegrationTest.SERVER,
    "spring.grpc.server.port=0",
    "gristmill.jobs.storage-addresses=in-process:" + FakeBlobStore.NAME,
    "gristmill.jobs.max-inputs=3",
    "gristmill.jobs.max-reducers=5",
    "gristmill.jobs.max-attempts=3",
    "gristmill.jobs.rpc-timeout=5s",
    // Tests run the duties themselves, after moving the clock.
    "gristmill.jobs.dead-workers.period=1h",
    "gristmill.jobs.request-ids.period=1h",
    "gristmill.jobs.waits.recheck=1h",
})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@Import(IntegrationTest.Storage.class)
public abstract class IntegrationTest {

  static final String SERVER = "job-service-test";
  private static final ManagedChannel CHANNEL = InProcessChannelBuilder.forName(SERVER).build();

  @Autowired
  protected FakeBlobStore storage;

  @Autowired
  protected JdbcTemplate jdbc;

  @Autowired
  protected MovableClock clock;

  /**
   * Threads of their own, for a transaction that holds a lock while the test goes on: the common pool may have one
   * thread only, and a held lock would occupy it.
   */
  protected final ExecutorService otherThreads = Executors.newCachedThreadPool();

  @AfterEach
  void stopOtherThreads() {
    otherThreads.shutdownNow();
  }

  @BeforeEach
  void startEmpty() {
    jdbc.execute("TRUNCATE jobs.job, jobs.worker CASCADE");
    storage.reset();
  }

  protected static JobServiceGrpc.JobServiceBlockingStub jobs() {
    return JobServiceGrpc.newBlockingStub(CHANNEL).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  protected static TaskDispatchGrpc.TaskDispatchBlockingStub dispatch() {
    return TaskDispatchGrpc.newBlockingStub(CHANNEL).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Moves the clock past the longest retry backoff, so that a failed task is runnable again. */
  protected void pastRetryBackoff() {
    clock.advance(java.time.Duration.ofSeconds(31));
  }

  /** The channel to this suite's job service, for {@link TestWorker}s. */
  protected static ManagedChannel channel() {
    return CHANNEL;
  }

  /** Submits a word count over {@code inputs} and returns the job as SubmitJob answered it. */
  protected static Job submit(int reducers, String... inputs) {
    return jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(reducers)
        .setOwner("alice").addAllInputFileIds(List.of(inputs)).build());
  }

  protected static Job job(String jobId) {
    return jobs().getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Storage {
    @Bean(destroyMethod = "close")
    FakeBlobStore fakeBlobStore() {
      return new FakeBlobStore(FakeBlobStore.NAME);
    }

    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }
}
