package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.WorkerProperties;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.task.TaskExecutor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.stereotype.Component;

/**
 * Brings the {@link Worker} to life once its gRPC server listens (the shuffle address it registers needs the real
 * port), and on shutdown (SIGTERM) drains it: no new tasks, running attempts finish within the drain timeout, then
 * it leaves. The drain runs on the context-closed event, before any lifecycle bean stops, so the gRPC server still
 * serves this worker's map outputs to reducers and the job service's channel is still open meanwhile.
 */
@Component
class WorkerAgent {

  private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);

  private final WorkerProperties properties;
  private final TaskDispatchGrpc.TaskDispatchBlockingStub dispatch;
  private final TaskExecutor executor;
  private final MapOutputStore store;
  private final BlobStoreClient blobStore;
  private final Clock clock;
  private final ApplicationContext context;
  private Worker worker;

  WorkerAgent(WorkerProperties properties, @Qualifier("jobServiceChannel") ManagedChannel jobService,
      TaskExecutor executor, MapOutputStore store, BlobStoreClient blobStore, Clock clock,
      ApplicationContext context) {
    this.properties = properties;
    this.dispatch = TaskDispatchGrpc.newBlockingStub(
        ClientInterceptors.intercept(jobService, new ReconnectPromptly(jobService)));
    this.executor = executor;
    this.store = store;
    this.blobStore = blobStore;
    this.clock = clock;
    this.context = context;
  }

  @EventListener
  synchronized void serverStarted(GrpcServerStartedEvent event) {
    if (event.getPort() <= 0 || worker != null) {
      return; // an in-process server has no port to advertise
    }
    String shuffleAddress = properties.advertisedHost() + ":" + event.getPort();
    worker = new Worker(dispatch, executor, store, blobStore, properties, clock, shuffleAddress);
    worker.start();
    log.info("Worker started with {} slots, job service at {}", properties.slots(), properties.jobServiceAddress());
  }

  @EventListener
  void contextClosed(ContextClosedEvent event) {
    if (event.getApplicationContext() != context) {
      return; // a child context (a separate management server, say) closing
    }
    Worker stopping;
    synchronized (this) {
      stopping = worker;
      worker = null;
    }
    if (stopping == null) {
      return;
    }
    try {
      stopping.drainAndLeave();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
