package io.gristmill.gateway.storage;

import io.gristmill.storage.client.BlobStoreClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The storage nodes and the store's health, for operators and the dashboard; and draining a node. */
@RestController
@RequestMapping("/api/v1/storage/nodes")
class StorageController {

  private final BlobStoreClient blobStore;

  StorageController(BlobStoreClient blobStore) {
    this.blobStore = blobStore;
  }

  @GetMapping
  StorageView nodes() {
    return StorageView.of(blobStore.listNodes());
  }

  /** Starts draining the node: 200 with its new state; 404 unknown node, 409 a DEAD one. Safe to repeat. */
  @PostMapping("/{id}/decommission")
  StorageView.NodeView decommission(@PathVariable String id) {
    return StorageView.NodeView.of(blobStore.decommission(id));
  }
}
