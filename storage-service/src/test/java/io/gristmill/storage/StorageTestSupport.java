package io.gristmill.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.storage.client.BlobStoreClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Small helpers shared by the storage service's integration suites. */
public final class StorageTestSupport {

  private StorageTestSupport() {}

  public static byte[] randomBytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  public static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  public static UploadHeader header(String name, long chunkSize) {
    return UploadHeader.newBuilder().setName(name).setChunkSize(chunkSize).setOwner("tester").build();
  }

  public static FileInfo upload(BlobStoreClient client, String name, long chunkSize, byte[] data) throws IOException {
    return client.upload(header(name, chunkSize), new ByteArrayInputStream(data));
  }

  public static byte[] read(BlobStoreClient client, String fileId, long offset, long length) throws IOException {
    try (InputStream in = client.open(fileId, offset, length)) {
      return in.readAllBytes();
    }
  }

  /**
   * The status a call failed with, wherever the client put it (directly, or as the cause of an IOException or
   * a CompletionException).
   */
  public static Status failureOf(ThrowingCallable call) {
    try {
      call.call();
    } catch (Throwable t) {
      for (Throwable cause = t; cause != null; cause = cause.getCause()) {
        if (cause instanceof StatusRuntimeException e) {
          return e.getStatus();
        }
      }
      fail("expected a gRPC status but got " + t, t);
    }
    return fail("expected the call to fail");
  }

  public static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    Status status = failureOf(call);
    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription()).isEqualTo(description);
  }

  /** Names of the files in a node's chunk directory. */
  public static Set<String> chunkFiles(Path dataDir) {
    Path chunks = dataDir.resolve("chunks");
    if (!Files.isDirectory(chunks)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(chunks)) {
      return files.map(p -> p.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void flipByte(Path file, long position) throws IOException {
    byte[] content = Files.readAllBytes(file);
    content[Math.toIntExact(position)] ^= 0x01;
    Files.write(file, content);
  }
}
