package io.gristmill.worker.fakes;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The services a worker talks to, as in-process fakes under unique names, and the settings that point a worker
 * application under test at them (two slots, short polls, a fresh work directory).
 */
public final class FakeServices {

  private final FakeTaskDispatch dispatch = new FakeTaskDispatch();
  private final FakeBlobStore blobStore = new FakeBlobStore();
  private final String dispatchName = "dispatch-" + UUID.randomUUID();
  private final String blobStoreName = "blobs-" + UUID.randomUUID();
  private final Path workDir;
  private final List<Server> servers;

  /** Starts both fakes; {@code workDirPrefix} names the temporary work directory. */
  public FakeServices(String workDirPrefix) {
    try {
      workDir = Files.createTempDirectory(workDirPrefix);
      servers = List.of(
          InProcessServerBuilder.forName(dispatchName).addService(dispatch).build().start(),
          InProcessServerBuilder.forName(blobStoreName).addService(blobStore).build().start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FakeTaskDispatch dispatch() {
    return dispatch;
  }

  public FakeBlobStore blobStore() {
    return blobStore;
  }

  public Path workDir() {
    return workDir;
  }

  /** The worker settings for these fakes; callers add their own after. */
  public void register(DynamicPropertyRegistry registry) {
    registry.add("spring.grpc.server.port", () -> "0");
    registry.add("gristmill.worker.job-service-address", () -> "in-process:" + dispatchName);
    registry.add("gristmill.worker.storage-addresses", () -> "in-process:" + blobStoreName);
    registry.add("gristmill.worker.work-dir", workDir::toString);
    registry.add("gristmill.worker.slots", () -> "2");
    registry.add("gristmill.worker.poll-wait", () -> "200ms");
    registry.add("gristmill.worker.drain-timeout", () -> "5s");
  }

  public void stop() {
    servers.forEach(Server::shutdownNow);
  }
}
