package io.gristmill.jobs.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.FakeBlobStore;
import io.gristmill.jobs.JobServiceApplication;
import io.gristmill.testsupport.time.MovableClock;
import io.gristmill.jobs.TestWorker;
import io.gristmill.jobs.system.Duty;
import io.gristmill.testsupport.postgres.TestDatabase;
import io.gristmill.testsupport.postgres.TestDatabases;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two job-service processes' worth of application contexts on one PostgreSQL database, each serving its own gRPC
 * endpoint, with workers claiming from both at once; and one of them replaced mid-job, as in a restart.
 */
class TwoInstancesTest {

  private static final String STORAGE = "fake-blob-store-replicas";
  private static FakeBlobStore storage;
  private static TestDatabase database;

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void startStorageAndDatabase() {
    storage = new FakeBlobStore(STORAGE);
    database = TestDatabases.create("replicas");
  }

  @AfterAll
  static void stopStorage() {
    storage.close();
  }

  @AfterEach
  void stopInstances() {
    channels.forEach(ManagedChannel::shutdownNow);
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void workersClaimingFromTwoInstancesRunEveryTaskExactlyOnce() throws Exception {
    workersClaimFromTwoInstancesAndRunEveryTaskExactlyOnce(1);
  }

  @Test
  void workersClaimingSeveralTasksPerCallFromTwoInstancesRunEveryTaskExactlyOnce() throws Exception {
    workersClaimFromTwoInstancesAndRunEveryTaskExactlyOnce(4);
  }

  private void workersClaimFromTwoInstancesAndRunEveryTaskExactlyOnce(int perCall) throws Exception {
    ManagedChannel a = start("job-a", new MovableClock());
    ManagedChannel b = start("job-b", new MovableClock());
    Job submitted = submit(a, storage.addFile("input.txt", 40 * 10, 10), 4);
    List<TestWorker> workers = IntStream.range(0, 6)
        .mapToObj(i -> TestWorker.register(i % 2 == 0 ? a : b, "host-" + i, "host-" + i + ":7070")).toList();

    ExecutorService pool = Executors.newFixedThreadPool(workers.size());
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (TestWorker worker : workers) {
        runs.add(pool.submit(() -> runUntilDone(worker, submitted.getId(), a, perCall)));
      }
      List<String> committedTasks = new ArrayList<>();
      for (Future<List<String>> run : runs) {
        committedTasks.addAll(run.get(60, TimeUnit.SECONDS));
      }

      assertThat(committedTasks).hasSize(44).doesNotHaveDuplicates();
      JdbcTemplate jdbc = contexts.get(0).getBean(JdbcTemplate.class);
      String ofTheJob = " FROM jobs.attempt a JOIN jobs.task t ON t.id = a.task_id WHERE t.job_id = ?::uuid";
      assertThat(jdbc.queryForObject("SELECT count(*)" + ofTheJob, Long.class, submitted.getId()))
          .as("every task run by exactly one attempt").isEqualTo(44L);
      assertThat(jdbc.queryForList("SELECT DISTINCT a.status" + ofTheJob, String.class, submitted.getId()))
          .containsExactly("SUCCEEDED");
      Job done = job(b, submitted.getId());
      assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
      assertThat(done.getOutputFileIdsList()).containsExactly("out-0", "out-1", "out-2", "out-3");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJobFinishesAfterItsInstanceIsReplacedAndTheNewOneDeclaresNobodyDead() {
    ManagedChannel first = start("job-first", new MovableClock());
    Job submitted = submit(first, storage.addFile("input.txt", 20, 10), 1);
    TestWorker alpha = TestWorker.register(first, "host-a", "host-a:7070");
    TestWorker beta = TestWorker.register(first, "host-b", "host-b:7070");
    TaskAssignment map0 = alpha.acquireNow();
    TaskAssignment map1 = beta.acquireNow();
    assertThat(alpha.completeMap(map0)).isTrue();

    // The first instance goes away; its replacement comes up a minute later by its clock, far past the lease.
    channels.remove(0).shutdownNow();
    contexts.remove(0).close();
    MovableClock later = new MovableClock();
    later.advance(Duration.ofMinutes(1));
    ManagedChannel second = start("job-second", later);
    Duty detector = contexts.get(0).getBean("deadWorkerDetector", Duty.class);
    detector.run();
    alpha.switchTo(second);
    beta.switchTo(second);

    assertThat(beta.heartbeat(List.of(map1.getAttemptId())).getCancelAttemptIdsList())
        .as("the running attempt carries on").isEmpty();
    alpha.heartbeat(List.of());
    later.advance(Duration.ofSeconds(9));
    detector.run();
    assertThat(beta.completeMap(map1)).isTrue();
    TaskAssignment reduce = alpha.acquireNow();
    assertThat(reduce.getReduce().getMapOutputsList()).extracting(m -> m.getAttemptId())
        .containsExactly(map0.getAttemptId(), map1.getAttemptId());
    assertThat(alpha.complete(reduce)).isTrue();
    assertThat(job(second, submitted.getId()).getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
  }

  /**
   * Acquires up to {@code perCall} tasks at a time from its instance and completes them at once until the job has
   * ended; returns the tasks it committed.
   */
  private static List<String> runUntilDone(TestWorker worker, String jobId, ManagedChannel observer, int perCall) {
    List<String> committed = new ArrayList<>();
    while (job(observer, jobId).getStatus() != JobStatus.JOB_STATUS_SUCCEEDED) {
      for (TaskAssignment next : worker.acquireUpTo(perCall, 200)) {
        if (worker.complete(next)) {
          committed.add(next.getTaskId());
        }
      }
    }
    return committed;
  }

  private ManagedChannel start(String name, MovableClock clock) {
    // As arguments, which win over application.yml (default properties would not).
    String[] arguments = Map.of(
            "spring.datasource.url", database.jdbcUrl(),
            "spring.datasource.username", database.username(),
            "spring.datasource.password", database.password(),
            "spring.grpc.server.inprocess.name", name,
            "spring.grpc.server.port", "0",
            "server.port", "0",
            "gristmill.jobs.storage-addresses", "in-process:" + STORAGE,
            "gristmill.jobs.dead-workers.period", "1h").entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(JobServiceApplication.class)
        .initializers(c -> c.getBeanFactory().registerSingleton("testClock", clock))
        .run(arguments);
    contexts.add(context);
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    channels.add(channel);
    return channel;
  }

  private static Job submit(ManagedChannel channel, String file, int reducers) {
    return jobs(channel).submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(reducers)
        .setOwner("alice").addInputFileIds(file).build());
  }

  private static Job job(ManagedChannel channel, String jobId) {
    return jobs(channel).getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
  }

  private static JobServiceGrpc.JobServiceBlockingStub jobs(ManagedChannel channel) {
    return JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }
}
