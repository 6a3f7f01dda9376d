package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.TaskDispatchGrpc;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.WorkerProperties;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.task.TaskExecutor;
import io.grpc.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.stereotype.Component;

/**
 * Brings the worker to life once its gRPC server listens (the shuffle address it registers needs the real port),
 * and on shutdown stops asking for work, lets running attempts finish within the drain timeout, then leaves.
 */
@Component
class WorkerAgent implements SmartLifecycle, ApplicationListener<GrpcServerStartedEvent> {

  private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);

  private final WorkerProperties properties;
  private final TaskDispatchGrpc.TaskDispatchBlockingStub dispatch;
  private final TaskExecutor executor;
  private final MapOutputStore store;
  private final BlobStoreClient blobStore;
  private volatile boolean running;
  private WorkerSession session;
  private TaskLoops loops;

  WorkerAgent(WorkerProperties properties, @Qualifier("jobServiceChannel") Channel jobService,
      TaskExecutor executor, MapOutputStore store, BlobStoreClient blobStore) {
    this.properties = properties;
    this.dispatch = TaskDispatchGrpc.newBlockingStub(jobService);
    this.executor = executor;
    this.store = store;
    this.blobStore = blobStore;
  }

  @Override
  public synchronized void onApplicationEvent(GrpcServerStartedEvent event) {
    if (event.getPort() <= 0 || session != null) {
      return; // an in-process server has no port to advertise
    }
    String shuffleAddress = properties.advertisedHost() + ":" + event.getPort();
    RunningAttempts attempts = new RunningAttempts();
    session = new WorkerSession(dispatch, properties, shuffleAddress, attempts);
    loops = new TaskLoops(session, dispatch,
        new AttemptRunner(executor, dispatch, store, blobStore, attempts, properties.rpcTimeout()), properties);
    session.start();
    loops.start();
    log.info("Worker started with {} slots, job service at {}", properties.slots(), properties.jobServiceAddress());
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    WorkerSession stoppingSession;
    TaskLoops stoppingLoops;
    synchronized (this) {
      stoppingSession = session;
      stoppingLoops = loops;
    }
    try {
      if (stoppingLoops != null) {
        stoppingLoops.stop(properties.drainTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // Heartbeats go on while attempts drain, so their leases hold until they report.
      if (stoppingSession != null) {
        stoppingSession.stop();
      }
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
