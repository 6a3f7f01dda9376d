package io.gristmill.jobs.job;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.jobs.system.DependencyUnavailableException;
import io.gristmill.jobs.system.NotFoundException;
import io.gristmill.storage.client.BlobStoreClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.springframework.stereotype.Component;

/** Looks input files up in the blob store, translating its answers into this service's vocabulary. */
@Component
class InputCatalog {

  private final BlobStoreClient storage;

  InputCatalog(BlobStoreClient storage) {
    this.storage = storage;
  }

  /**
   * The file's metadata; {@link NotFoundException} "input file &lt;id&gt; not found" when storage does not know
   * it, {@link DependencyUnavailableException} when storage cannot answer. Read-only, so the client's fail-over
   * to another node is safe.
   */
  InputFile describe(String fileId) {
    try {
      return toInputFile(storage.getFile(fileId));
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      // Storage rejects a malformed id as INVALID_ARGUMENT; to the job's submitter it is simply no such file.
      if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
        throw new NotFoundException("input file " + fileId + " not found");
      }
      throw new DependencyUnavailableException(
          "storage could not describe input file " + fileId + ": " + code, e);
    }
  }

  /**
   * The hex SHA-256 of an uploaded jar; {@link NotFoundException} "artifact &lt;id&gt; not found" when storage
   * does not know it.
   */
  String artifactSha256(String fileId) {
    try {
      return storage.getFile(fileId).getSha256();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
        throw new NotFoundException("artifact " + fileId + " not found");
      }
      throw new DependencyUnavailableException("storage could not describe artifact " + fileId + ": " + code, e);
    }
  }

  private static InputFile toInputFile(FileInfo info) {
    return new InputFile(info.getId(), info.getName(), info.getSize(), info.getChunksList().stream()
        .map(c -> new InputFile.Chunk(c.getOffset(), c.getSize(), c.getReplicasList().stream()
            .filter(r -> r.getState().isEmpty() || r.getState().equals("LIVE"))
            .map(r -> hostOf(r.getAddress()))
            .filter(host -> !host.isEmpty())
            .distinct()
            .toList()))
        .toList());
  }

  /** "node-3:9090" -> "node-3"; "[::1]:9090" -> "::1". */
  static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
