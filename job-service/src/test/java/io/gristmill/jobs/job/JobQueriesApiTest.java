package io.gristmill.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.Attempt;
import io.gristmill.contracts.job.v1.CancelJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.ListJobsRequest;
import io.gristmill.contracts.job.v1.ListJobsResponse;
import io.gristmill.contracts.job.v1.ListTasksRequest;
import io.gristmill.contracts.job.v1.ListWorkersRequest;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.contracts.job.v1.Task;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.contracts.job.v1.Worker;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ListJobs, CancelJob, ListTasks, ListWorkers and idempotent SubmitJob through the real stub. */
class JobQueriesApiTest extends IntegrationTest {

  @Test
  void listsNewestFirstFilteredByOwnerStatusAndTypeInPages() {
    String file = storage.addFile("a.txt", 10, 100);
    List<String> aliceIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      aliceIds.add(submitAs("alice", file, "").getId());
    }
    String bobs = submitAs("bob", file, "").getId();
    jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(aliceIds.get(0)).build());

    ListJobsResponse first = jobs().listJobs(ListJobsRequest.newBuilder().setOwner("alice").setPageSize(2).build());
    ListJobsResponse second = jobs().listJobs(ListJobsRequest.newBuilder().setOwner("alice").setPageSize(2)
        .setPageToken(first.getNextPageToken()).build());
    ListJobsResponse third = jobs().listJobs(ListJobsRequest.newBuilder().setOwner("alice").setPageSize(2)
        .setPageToken(second.getNextPageToken()).build());

    List<String> paged = new ArrayList<>();
    List.of(first, second, third).forEach(page -> page.getJobsList().forEach(j -> paged.add(j.getId())));
    List<String> newestFirst = new ArrayList<>(aliceIds);
    Collections.reverse(newestFirst);
    assertThat(paged).containsExactlyElementsOf(newestFirst);
    assertThat(first.getTotal()).isEqualTo(5);
    assertThat(third.getNextPageToken()).isEmpty();
    assertThat(jobs().listJobs(ListJobsRequest.newBuilder().setPageSize(100).build()).getJobsList())
        .extracting(Job::getId).first().isEqualTo(bobs);
    assertThat(jobs().listJobs(ListJobsRequest.newBuilder().setPageSize(100)
        .addStatuses(JobStatus.JOB_STATUS_CANCELLED).build()).getJobsList())
        .extracting(Job::getId).containsExactly(aliceIds.get(0));
    assertThat(jobs().listJobs(ListJobsRequest.newBuilder().setPageSize(100).setType("grep").build())
        .getJobsList()).isEmpty();
  }

  @Test
  void refusesPageSizesOutOfRangeAndForeignTokens() {
    assertThatThrownBy(() -> jobs().listJobs(ListJobsRequest.newBuilder().setPageSize(1001).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("page size must be between 1 and 1000, got 1001");
        });
    assertThatThrownBy(() -> jobs().listJobs(ListJobsRequest.newBuilder().setPageSize(10).setPageToken("x")
        .build())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus()
        .getDescription()).isEqualTo("page token 'x' is not one this service handed out"));
  }

  @Test
  void cancelIsSafeToRepeatAndStopsDispatchButRefusesFinishedJobs() {
    String file = storage.addFile("a.txt", 10, 100);
    Job job = submitAs("alice", file, "");
    Job cancelled = jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build());
    Job again = jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build());

    assertThat(cancelled.getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
    assertThat(again).isEqualTo(cancelled);
    assertThat(TestWorker.register("w:1").acquire(0)).as("a cancelled job hands out no task").isEmpty();

    Job other = submitAs("alice", file, "");
    TestWorker worker = TestWorker.register("w:2");
    worker.completeMap(worker.acquireNow());
    TaskAssignment reduce = worker.acquireNow();
    worker.complete(reduce.getAttemptId(), "out-0");
    assertThatThrownBy(() -> jobs().cancelJob(CancelJobRequest.newBuilder().setJobId(other.getId()).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.getStatus().getDescription()).isEqualTo("job " + other.getId()
              + " already SUCCEEDED; only PENDING or RUNNING jobs can be cancelled");
        });
  }

  @Test
  void listsTasksWithAttemptsFailuresAndWorkers() {
    String file = storage.addFile("a.txt", 10, 100);
    Job job = submitAs("alice", file, "");
    TestWorker alpha = TestWorker.register("alpha:1");
    TaskAssignment first = alpha.acquireNow();
    alpha.fail(first.getAttemptId(), "boom");
    pastRetryBackoff();
    TaskAssignment second = alpha.acquireNow();

    List<Task> tasks = jobs().listTasks(ListTasksRequest.newBuilder().setJobId(job.getId()).build()).getTasksList();

    assertThat(tasks).extracting(Task::getKind, Task::getIndex)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("MAP", 0), org.assertj.core.groups.Tuple.tuple("REDUCE", 0));
    List<Attempt> attempts = tasks.get(0).getAttemptsList();
    assertThat(attempts).extracting(Attempt::getId).containsExactly(first.getAttemptId(), second.getAttemptId());
    assertThat(attempts).extracting(Attempt::getStatus).containsExactly("FAILED", "RUNNING");
    assertThat(attempts.get(0).getError()).isEqualTo("boom");
    assertThat(attempts.get(0).getStackTrace()).startsWith("java.lang.RuntimeException: boom");
    assertThat(attempts).extracting(Attempt::getBackup).containsExactly(false, false);
    assertThat(attempts).extracting(Attempt::getWorkerHost).containsOnly("test-host");
    assertThat(tasks.get(0).getFileId()).isEqualTo(file);

    List<Worker> workers = jobs().listWorkers(ListWorkersRequest.getDefaultInstance()).getWorkersList();
    assertThat(workers).singleElement().satisfies(w -> {
      assertThat(w.getId()).isEqualTo(alpha.id());
      assertThat(w.getRunningAttempts()).isEqualTo(1);
      assertThat(w.getSlots()).isEqualTo(2);
      assertThat(w.getState()).isEqualTo("ALIVE");
    });
  }

  @Test
  void aRepeatedRequestIdAnswersTheFirstJobAndADifferentRequestUnderItIsRefused() {
    String file = storage.addFile("a.txt", 10, 100);
    Job first = submitAs("alice", file, "key-1");
    Job retry = submitAs("alice", file, "key-1");
    Job bobs = submitAs("bob", file, "key-1");

    assertThat(retry.getId()).isEqualTo(first.getId());
    assertThat(bobs.getId()).as("request ids are per owner").isNotEqualTo(first.getId());
    assertThatThrownBy(() -> jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(2)
        .setOwner("alice").addInputFileIds(file).setRequestId("key-1").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
          assertThat(e.getStatus().getDescription()).isEqualTo("request id 'key-1' was already used for job "
              + first.getId() + ", which asked for something else");
        });
  }

  private static Job submitAs(String owner, String file, String requestId) {
    return jobs().submitJob(SubmitJobRequest.newBuilder().setType("wordcount").setReducers(1).setOwner(owner)
        .addInputFileIds(file).setRequestId(requestId).build());
  }
}
