package io.gristmill.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.gristmill.jobs.system.CapacityExceededException;
import io.gristmill.jobs.system.JobsProperties;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * GetJob with a wait: held until the job ends, so that a client learns the end without polling. The waits here
 * are far longer than the tests, and the suite's periodic re-check is an hour apart (tests run it themselves), so
 * a call that answers early answered because it was told the job ended.
 */
class JobEndWaitTest extends IntegrationTest {

  private static final long LONG_WAIT = 50_000;

  @Autowired
  JobEndWaits waits;

  @Autowired
  JobRepository jobRepository;

  /** Waits a failed test before this one left behind, so that one failure does not fail every test after it. */
  private int leftOver;

  @BeforeEach
  void countLeftOverWaits() {
    leftOver = waits.waiting();
  }

  @Test
  void aWaitingCallAnswersTheSucceededJobWhenItsLastReduceCommits() throws Exception {
    Job job = submit(1, storage.addFile("a.txt", 10, 100));
    TestWorker worker = TestWorker.register("alpha:7070");
    assertThat(worker.completeMap(worker.acquireNow())).isTrue();
    TaskAssignment reduce = worker.acquireNow();
    assertThat(reduce.hasReduce()).isTrue();

    ListenableFuture<Job> waiting = waitFor(job.getId(), LONG_WAIT);
    awaitRegistered(1);
    assertThat(waiting.isDone()).isFalse();
    assertThat(worker.complete(reduce)).isTrue();

    Job ended = waiting.get(10, TimeUnit.SECONDS);
    assertThat(ended.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
    assertThat(ended.getOutputFileIdsList()).hasSize(1);
    assertThat(ended).isEqualTo(job(job.getId()));
    assertThat(held()).isZero();
  }

  @Test
  void everyCallWaitingForAJobAnswersWhenItIsCancelled() throws Exception {
    Job job = submit(1, storage.addFile("a.txt", 10, 100));
    ListenableFuture<Job> first = waitFor(job.getId(), LONG_WAIT);
    ListenableFuture<Job> second = waitFor(job.getId(), LONG_WAIT);
    awaitRegistered(2);

    jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build());

    assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
    assertThat(second.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
  }

  @Test
  void aJobThatHasEndedAlreadyIsAnsweredAtOnce() {
    Job job = submit(1, storage.addFile("a.txt", 10, 100));
    jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build());

    Job answered = jobs().getJob(GetJobRequest.newBuilder().setJobId(job.getId()).setWaitForEndMillis(LONG_WAIT)
        .build());

    assertThat(answered.getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
    assertThat(held()).isZero();
  }

  @Test
  void aWaitThatRunsOutAnswersTheJobAsItIs() {
    Job job = submit(1, storage.addFile("a.txt", 10, 100));

    Job answered = jobs().getJob(GetJobRequest.newBuilder().setJobId(job.getId()).setWaitForEndMillis(200).build());

    assertThat(answered.getStatus()).isEqualTo(JobStatus.JOB_STATUS_PENDING);
    assertThat(answered).isEqualTo(job(job.getId()));
    assertThat(held()).isZero();
  }

  /** As when another job-service process ends the job: this one is not told, and finds it by reading again. */
  @Test
  void anEndThisProcessWasNotToldOfIsFoundByTheRecheck() throws Exception {
    Job job = submit(1, storage.addFile("a.txt", 10, 100));
    ListenableFuture<Job> waiting = waitFor(job.getId(), LONG_WAIT);
    awaitRegistered(1);

    jdbc.update("UPDATE jobs.job SET status = 'CANCELLED', finished_at = now() WHERE id = ?::uuid", job.getId());
    assertThat(waiting.isDone()).isFalse();
    waits.recheck();

    assertThat(waiting.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
  }

  @Test
  void aCallerThatGoesAwayIsForgotten() throws Exception {
    Job job = submit(1, storage.addFile("a.txt", 10, 100));
    Context.CancellableContext call = Context.current().withCancellation();
    ListenableFuture<Job> waiting = call.call(() -> waitFor(job.getId(), LONG_WAIT));
    awaitRegistered(1);

    call.cancel(null);

    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StatusRuntimeException.class);
    awaitRegistered(0);
  }

  @Test
  void refusesAWaitOutOfRangeWithTheBounds() {
    Job job = submit(1, storage.addFile("a.txt", 10, 100));

    for (long wait : new long[] {-1, 60_001}) {
      assertThatThrownBy(() -> jobs().getJob(GetJobRequest.newBuilder().setJobId(job.getId())
          .setWaitForEndMillis(wait).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("wait_for_end_millis must be between 0 and 60000"
                + " (gristmill.jobs.waits.max-wait), got " + wait);
          });
    }
    assertThat(held()).isZero();
  }

  @Test
  void waitingForAnUnknownJobIsNotFoundAndHoldsNothing() {
    String unknown = "6f1c2f86-8f2b-4c55-9a55-1f4b3f3c2a10";

    assertThatThrownBy(() -> jobs().getJob(GetJobRequest.newBuilder().setJobId(unknown)
        .setWaitForEndMillis(LONG_WAIT).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(held()).isZero();
  }

  @Test
  void refusesAWaitOverTheLimitUntilAHeldOneEnds() {
    JobEndWaits limited = new JobEndWaits(jobRepository, new Binder(new MapConfigurationPropertySource(
        Map.of("gristmill.jobs.waits.max-waiting", "1"))).bindOrCreate("gristmill.jobs", JobsProperties.class));
    try {
      CompletableFuture<Void> held = limited.awaitEnd(UUID.randomUUID(), Duration.ofMinutes(1));

      assertThatThrownBy(() -> limited.awaitEnd(UUID.randomUUID(), Duration.ofMinutes(1)))
          .isInstanceOf(CapacityExceededException.class)
          .hasMessage("the job service holds 1 calls waiting for jobs to end already"
              + " (gristmill.jobs.waits.max-waiting); retry later or ask without waiting");
      held.cancel(false);
      assertThat(limited.awaitEnd(UUID.randomUUID(), Duration.ofMinutes(1))).isNotDone();
    } finally {
      limited.destroy();
    }
  }

  private static ListenableFuture<Job> waitFor(String jobId, long millis) {
    return JobServiceGrpc.newFutureStub(channel()).withDeadlineAfter(60, TimeUnit.SECONDS)
        .getJob(GetJobRequest.newBuilder().setJobId(jobId).setWaitForEndMillis(millis).build());
  }

  /** Until the service holds {@code n} waits: a call is registered a moment after it is sent. */
  private void awaitRegistered(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> held() == n);
  }

  private int held() {
    return waits.waiting() - leftOver;
  }
}
