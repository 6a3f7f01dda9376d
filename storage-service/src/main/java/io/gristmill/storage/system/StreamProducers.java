package io.gristmill.storage.system;

import io.grpc.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Threads that produce server streams. A producer blocks on disk, on other nodes and on the client's flow control,
 * which gRPC's callback threads must never do (a call's callbacks, its on-ready signal included, run one at a
 * time), so each stream gets a thread of its own here.
 */
@Component
public class StreamProducers implements DisposableBean {

  private final ThreadPoolExecutor threads;

  StreamProducers(MeterRegistry meters) {
    AtomicInteger count = new AtomicInteger();
    this.threads = (ThreadPoolExecutor) Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "stream-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    Gauge.builder("gristmill.storage.streams.active", threads, ThreadPoolExecutor::getActiveCount)
        .description("Server streams (file and chunk reads) being produced")
        .register(meters);
  }

  /**
   * Runs {@code producer} on a thread of its own, inside the current gRPC context so that the client's
   * cancellation also reaches the calls the producer makes to other nodes.
   */
  public void start(Runnable producer) {
    threads.execute(Context.current().wrap(producer));
  }

  /** How many streams are being produced now. */
  public int active() {
    return threads.getActiveCount();
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
