package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentCompletionTest extends IntegrationTest {

  private static final int REDUCERS = 5;

  @Test
  void reducesCommittingTogetherStillFinishTheJob() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(REDUCERS);
    try {
      for (int round = 0; round < 5; round++) {
        Job submitted = submit(REDUCERS, storage.addFile("empty.txt", 0, 100));
        List<TestWorker> workers = new ArrayList<>();
        List<TaskAssignment> reduces = new ArrayList<>();
        for (int i = 0; i < REDUCERS; i++) {
          TestWorker worker = TestWorker.register("worker-" + i + ":7070");
          workers.add(worker);
          reduces.add(worker.acquireNow());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> reports = new ArrayList<>();
        for (int i = 0; i < REDUCERS; i++) {
          TestWorker worker = workers.get(i);
          TaskAssignment reduce = reduces.get(i);
          reports.add(CompletableFuture.supplyAsync(() -> {
            await(start);
            return worker.complete(reduce.getAttemptId(), "out-" + reduce.getIndex());
          }, pool));
        }
        start.countDown();

        for (CompletableFuture<Boolean> report : reports) {
          assertThat(report.get(20, TimeUnit.SECONDS)).isTrue();
        }
        Job done = job(submitted.getId());
        assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_SUCCEEDED);
        assertThat(done.getOutputFileIdsList()).containsExactly("out-0", "out-1", "out-2", "out-3", "out-4");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
