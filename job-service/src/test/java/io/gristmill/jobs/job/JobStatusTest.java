package io.gristmill.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobStatusTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Job pendingJob() {
    return new Job(UUID.randomUUID(), "wordcount", "alice", 2, 0, List.of("f1"), Map.of(), null, T0);
  }

  @Test
  void allowsOnlyTheDocumentedTransitions() {
    assertThat(JobStatus.PENDING.next())
        .containsExactlyInAnyOrder(JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED);
    assertThat(JobStatus.RUNNING.next())
        .containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);
    assertThat(JobStatus.SUCCEEDED.next()).isEmpty();
    assertThat(JobStatus.FAILED.next()).isEmpty();
    assertThat(JobStatus.CANCELLED.next()).isEmpty();
  }

  @Test
  void refusesToLeaveAFinalStatus() {
    assertThatThrownBy(() -> JobStatus.SUCCEEDED.moveTo(JobStatus.FAILED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("job cannot move from SUCCEEDED to FAILED");
  }

  @Test
  void onlyPendingAndRunningJobsAreActive() {
    assertThat(JobStatus.values()).filteredOn(JobStatus::isActive)
        .containsExactly(JobStatus.PENDING, JobStatus.RUNNING);
  }

  @Test
  void theFirstClaimStartsTheJobAndLaterClaimsKeepItsStartTime() {
    Job job = pendingJob();

    job.taskClaimed(T0.plusSeconds(5));
    job.taskClaimed(T0.plusSeconds(9));

    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.startedAt()).contains(T0.plusSeconds(5));
  }

  @Test
  void succeedingRecordsOutputsAndFinishTime() {
    Job job = pendingJob();
    job.taskClaimed(T0.plusSeconds(1));

    job.succeeded(List.of("out-0", "out-1"), T0.plusSeconds(60));

    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.outputFileIds()).containsExactly("out-0", "out-1");
    assertThat(job.finishedAt()).contains(T0.plusSeconds(60));
  }

  @Test
  void aJobCannotSucceedBeforeItStarted() {
    assertThatThrownBy(() -> pendingJob().succeeded(List.of(), T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("job cannot move from PENDING to SUCCEEDED");
  }

  @Test
  void failingRecordsTheReason() {
    Job job = pendingJob();
    job.taskClaimed(T0);

    job.failed("map task 0 failed after 4 attempts: boom", T0.plusSeconds(3));

    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error()).contains("map task 0 failed after 4 attempts: boom");
    assertThat(job.finishedAt()).contains(T0.plusSeconds(3));
  }
}
