package io.gristmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.worker.fakes.FakeBlobStore;
import io.gristmill.worker.fakes.FakeTaskDispatch;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application shutting down, as on SIGTERM (the JVM's shutdown hook closes the context the same way):
 * the worker drains and leaves the job service before its servers stop.
 */
class WorkerShutdownTest {

  @Test
  void leavesTheJobServiceWhenTheApplicationShutsDown(@TempDir Path workDir) throws Exception {
    FakeTaskDispatch dispatch = new FakeTaskDispatch();
    String dispatchName = "dispatch-" + UUID.randomUUID();
    String blobName = "blobs-" + UUID.randomUUID();
    Server dispatchServer = InProcessServerBuilder.forName(dispatchName).addService(dispatch).build().start();
    Server blobServer = InProcessServerBuilder.forName(blobName).addService(new FakeBlobStore()).build().start();
    try {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerServiceApplication.class).run(
          "--server.port=0", "--spring.grpc.server.port=0",
          "--gristmill.worker.job-service-address=in-process:" + dispatchName,
          "--gristmill.worker.storage-addresses=in-process:" + blobName,
          "--gristmill.worker.work-dir=" + workDir, "--gristmill.worker.slots=1",
          "--gristmill.worker.poll-wait=200ms");
      await().atMost(Duration.ofSeconds(20)).until(() -> dispatch.heartbeats() > 0);
      assertThat(dispatch.heartbeatRequests()).noneMatch(HeartbeatRequest::getDraining);

      context.close();
      assertThat(dispatch.events()).containsExactly("registered worker-1", "left worker-1");
      assertThat(dispatch.heartbeatRequests().get(dispatch.heartbeatRequests().size() - 1).getDraining())
          .as("the last heartbeat says the worker is draining").isTrue();
    } finally {
      dispatchServer.shutdownNow();
      blobServer.shutdownNow();
    }
  }
}
