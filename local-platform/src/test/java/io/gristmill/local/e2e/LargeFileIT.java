package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.ManagedProcess;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.ServiceJars;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One GiB streamed through {@code POST /api/v1/files} and back through {@code GET .../content} of a real
 * platform whose gateway and storage nodes run with 384 MiB heaps and exit on OutOfMemoryError (the launcher's
 * settings): buffering the file anywhere would end a process, which the test sees as a restart.
 */
class LargeFileIT {

  private static final long SIZE = 1L << 30;
  private static final int BLOCK = 1 << 20;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static LocalPlatform platform;
  private static String base;
  private static String token;

  @BeforeAll
  static void startPlatform() throws IOException {
    Path stateDir = Files.createTempDirectory(Path.of("target"), "large-file-");
    platform = LocalPlatform.start(new PlatformOptions(2, 1, 1, PlatformOptions.DEFAULT_CHUNK_SIZE, 0, stateDir),
        ServiceJars.fromEnvironment(), System.out);
    base = platform.gatewayUrl();
    token = Files.readString(platform.tokenFile()).trim();
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aGibibyteGoesThroughTheGatewayAndComesBackWithTheSameSizeAndSha256WithinSmallHeaps() throws Exception {
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    HttpResponse<String> uploaded = HTTP.send(authorized("/api/v1/files?name=gibibyte.bin&replication=2")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(SIZE, 7, sent))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    String expected = HexFormat.of().formatHex(sent.digest());
    JsonNode file = JSON.readTree(uploaded.body());
    assertThat(file.path("size").asLong()).isEqualTo(SIZE);
    assertThat(file.path("sha256").asText()).isEqualTo(expected);

    HttpResponse<InputStream> downloaded = HTTP.send(
        authorized("/api/v1/files/" + file.path("id").asText() + "/content").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(downloaded.statusCode()).isEqualTo(200);
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    long size = 0;
    try (InputStream in = downloaded.body()) {
      byte[] buffer = new byte[BLOCK];
      for (int n; (n = in.read(buffer)) > 0; ) {
        received.update(buffer, 0, n);
        size += n;
      }
    }
    assertThat(size).isEqualTo(SIZE);
    assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(expected);
    for (ManagedProcess process : platform.processes()) {
      assertThat(process.restarts()).as("restarts of %s", process.spec().name()).isZero();
      assertThat(process.isAlive()).as("%s alive", process.spec().name()).isTrue();
    }
  }

  private static HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
  }

  /**
   * {@code size} bytes made on the fly, never held whole: one random MiB, each copy of it stamped with its index so
   * that no two MiB are equal, digested as they are read.
   */
  private static final class GeneratedStream extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private final byte[] block = new byte[BLOCK];
    private final ByteBuffer stamp = ByteBuffer.wrap(block, 0, Long.BYTES);
    private long position;

    GeneratedStream(long size, long seed, MessageDigest digest) {
      this.size = size;
      this.digest = digest;
      new Random(seed).nextBytes(block);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int within = (int) (position % BLOCK);
      if (within == 0) {
        stamp.putLong(0, position / BLOCK);
      }
      int n = (int) Math.min(Math.min(length, BLOCK - within), size - position);
      System.arraycopy(block, within, target, offset, n);
      digest.update(target, offset, n);
      position += n;
      return n;
    }
  }
}
