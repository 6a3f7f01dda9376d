package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.jobs.IntegrationTest;
import io.gristmill.jobs.TestWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrentAcquireTest extends IntegrationTest {

  private static final int ACQUIRERS = 6;

  @Test
  void concurrentAcquirersNeverGetTheSameTask() throws Exception {
    acquireConcurrentlyAndCheckEachTaskHandedOutOnce(1);
  }

  @Test
  void concurrentAcquirersClaimingSeveralPerCallNeverGetTheSameTask() throws Exception {
    acquireConcurrentlyAndCheckEachTaskHandedOutOnce(5);
  }

  private void acquireConcurrentlyAndCheckEachTaskHandedOutOnce(int perCall) throws Exception {
    submit(1, storage.addFile("a.txt", 30 * 10, 10));
    submit(1, storage.addFile("b.txt", 30 * 10, 10));
    List<TestWorker> workers =
        IntStream.range(0, ACQUIRERS).mapToObj(i -> TestWorker.register("worker-" + i + ":7070")).toList();

    ExecutorService pool = Executors.newFixedThreadPool(ACQUIRERS);
    try {
      List<Future<List<TaskAssignment>>> results = new ArrayList<>();
      for (TestWorker worker : workers) {
        results.add(pool.submit(() -> {
          List<TaskAssignment> mine = new ArrayList<>();
          for (List<TaskAssignment> next = worker.acquireUpTo(perCall, 0); !next.isEmpty();
              next = worker.acquireUpTo(perCall, 0)) {
            mine.addAll(next);
          }
          return mine;
        }));
      }
      List<String> handedOut = new ArrayList<>();
      for (Future<List<TaskAssignment>> result : results) {
        result.get().forEach(a -> handedOut.add(a.getTaskId()));
      }

      assertThat(handedOut).hasSize(60).doesNotHaveDuplicates();
      assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs.attempt", Long.class)).isEqualTo(60L);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs.task WHERE kind = 'MAP' AND status = 'RUNNING'",
          Long.class)).isEqualTo(60L);
    } finally {
      pool.shutdownNow();
    }
  }
}
