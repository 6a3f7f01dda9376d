package io.gristmill.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunnableTasksSignalTest {

  private final RunnableTasksSignal signal = new RunnableTasksSignal(java.time.Clock.systemUTC());

  @Test
  void aSignalBetweenReadingTheGenerationAndWaitingIsNotLost() throws Exception {
    long seen = signal.generation();
    signal.signal();
    long start = System.nanoTime();

    signal.awaitChangeSince(seen, TimeUnit.SECONDS.toNanos(30));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aSignalWakesAWaiter() throws Exception {
    long seen = signal.generation();
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      try {
        signal.awaitChangeSince(seen, TimeUnit.SECONDS.toNanos(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    signal.signal();

    waiter.get(5, TimeUnit.SECONDS);
  }

  @Test
  void withoutASignalTheWaitEndsAtItsTimeout() throws Exception {
    long start = System.nanoTime();

    signal.awaitChangeSince(signal.generation(), TimeUnit.MILLISECONDS.toNanos(50));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }
}
