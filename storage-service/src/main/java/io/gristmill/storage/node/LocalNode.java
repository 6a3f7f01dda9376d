package io.gristmill.storage.node;

import io.gristmill.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Who this process is among the storage nodes. The id and zone are known at once; the address only when the gRPC
 * server has bound its port ({@link NodeRegistration} sets it).
 */
@Component
public class LocalNode {

  private final String id;
  private final String zone;
  private final Path idFile;
  private volatile String address;

  public LocalNode(StorageProperties properties) {
    try {
      this.id = NodeIds.resolve(properties.nodeId(), properties.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the node id in " + properties.dataDir(), e);
    }
    this.zone = properties.zone();
    this.idFile = properties.dataDir().resolve(NodeIds.FILE_NAME).toAbsolutePath();
  }

  public String id() {
    return id;
  }

  /** The file in the data directory that holds {@link #id}: proof, to a reader on this host, of whose disk it sees. */
  public Path idFile() {
    return idFile;
  }

  public String zone() {
    return zone;
  }

  /** host:port of this node's gRPC server, or null before it has started. */
  public String address() {
    return address;
  }

  void advertise(String address) {
    this.address = address;
  }
}
