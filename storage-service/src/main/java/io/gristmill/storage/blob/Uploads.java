package io.gristmill.storage.blob;

import io.gristmill.contracts.storage.v1.UploadResponse;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.chunk.ChunkSink;
import io.gristmill.storage.node.LocalNode;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Starts upload sessions with this node's limits, and owns the threads on which their chunks are sealed. */
@Component
class Uploads implements DisposableBean {

  private final UploadRules rules;
  private final long maxFileSize;
  private final FileCatalog catalog;
  private final ChunkSink sink;
  private final LocalNode node;
  private final ExecutorService sealer;

  Uploads(StorageProperties properties, FileCatalog catalog, ChunkSink sink, LocalNode node) {
    this.rules = new UploadRules(properties.defaultChunkSize().toBytes(), properties.minChunkSize().toBytes(),
        properties.maxChunkSize().toBytes(), properties.defaultReplication(), properties.maxReplication());
    this.maxFileSize = properties.maxFileSize().toBytes();
    this.catalog = catalog;
    this.sink = sink;
    this.node = node;
    AtomicInteger count = new AtomicInteger();
    this.sealer = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "upload-seal-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  UploadSession start(StreamObserver<UploadResponse> responses) {
    return new UploadSession(rules, maxFileSize, catalog, sink, node.id(), responses, sealer);
  }

  @Override
  public void destroy() {
    sealer.shutdownNow();
  }
}
