package io.gristmill.storage.system;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StreamingConfiguration {

  /**
   * Threads that produce server streams. They block on disk, on other nodes and on the client's flow control,
   * which gRPC's callback threads must never do (a call's callbacks, including its on-ready signal, run one at a
   * time), so each read gets a thread of its own here.
   */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService streamingExecutor() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "stream-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
