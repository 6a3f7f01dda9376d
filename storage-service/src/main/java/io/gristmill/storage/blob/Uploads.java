package io.gristmill.storage.blob;

import io.gristmill.contracts.storage.v1.UploadResponse;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.chunk.ChunkSink;
import io.gristmill.storage.node.LocalNode;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Component;

/** Starts upload sessions with this node's limits. */
@Component
class Uploads {

  private final UploadRules rules;
  private final long maxFileSize;
  private final FileCatalog catalog;
  private final ChunkSink sink;
  private final LocalNode node;

  Uploads(StorageProperties properties, FileCatalog catalog, ChunkSink sink, LocalNode node) {
    this.rules = new UploadRules(properties.defaultChunkSize().toBytes(), properties.minChunkSize().toBytes(),
        properties.maxChunkSize().toBytes(), properties.defaultReplication(), properties.maxReplication());
    this.maxFileSize = properties.maxFileSize().toBytes();
    this.catalog = catalog;
    this.sink = sink;
    this.node = node;
  }

  UploadSession start(StreamObserver<UploadResponse> responses) {
    return new UploadSession(rules, maxFileSize, catalog, sink, node.id(), responses);
  }
}
