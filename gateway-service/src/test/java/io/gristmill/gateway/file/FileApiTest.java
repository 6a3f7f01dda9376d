package io.gristmill.gateway.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@GatewayTest
class FileApiTest {

  static final int MIB = 1 << 20;
  static final String TOO_LARGE = "The upload is larger than the limit of 25165824 bytes "
      + "(gristmill.gateway.max-upload-size).";

  @LocalServerPort
  int port;

  @Autowired
  FakeBlobStore storage;

  GatewayClient client;

  @BeforeEach
  void connect() {
    client = new GatewayClient(port);
    storage.reset();
  }

  @Test
  void uploadStreamsALargeBodyToStorageUnchanged() throws Exception {
    byte[] content = randomBytes(20 * MIB);

    HttpResponse<String> response = client.send(client.request("/api/v1/files?name=big.bin&chunkSize=8388608")
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/files/file-1");
    assertThat(storage.content("file-1")).isEqualTo(content);
    assertThat(client.json(response.body()).get("sha256").asString()).isEqualTo(FakeBlobStore.sha256(content));
  }

  @Test
  void uploadAnswersWithTheFileMetadata() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/files?name=h%C3%A9llo%20world.txt"
            + "&chunkSize=4&replication=2")
        .POST(HttpRequest.BodyPublishers.ofString("0123456789")).build());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"id":"file-1","name":"héllo world.txt","size":10,
         "sha256":"84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882",
         "chunkSize":4,"replication":2,"owner":"admin","createdAt":"2025-01-02T03:04:05.600Z",
         "chunks":[
           {"index":0,"offset":0,"size":4,"version":1,
            "replicas":[{"nodeId":"node-a","address":"10.0.0.1:9090","zone":"zone-a","state":"LIVE"}]},
           {"index":1,"offset":4,"size":4,"version":1,
            "replicas":[{"nodeId":"node-a","address":"10.0.0.1:9090","zone":"zone-a","state":"LIVE"}]},
           {"index":2,"offset":8,"size":2,"version":1,
            "replicas":[{"nodeId":"node-a","address":"10.0.0.1:9090","zone":"zone-a","state":"LIVE"}]}]}
        """));
  }

  @Test
  void uploadWithAFormContentTypeKeepsItsBody() throws Exception {
    String body = "name=not-a-parameter&x=1";

    HttpResponse<String> response = client.send(client.request("/api/v1/files?name=form.txt")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(new String(storage.content("file-1"), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(client.json(response.body()).get("name").asString()).isEqualTo("form.txt");
  }

  @Test
  void uploadForwardsBytesBeforeTheBodyHasEnded() throws Exception {
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream body = new PipedInputStream(writer, 64 * 1024);
    CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(() -> {
      try {
        return client.send(client.request("/api/v1/files?name=slow.bin")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    byte[] content = randomBytes(3 * MIB);

    writer.write(content, 0, 2 * MIB);
    await().until(() -> storage.bytesOfUploadInProgress() >= MIB);
    writer.write(content, 2 * MIB, MIB);
    writer.close();

    assertThat(response.get().statusCode()).isEqualTo(201);
    assertThat(storage.content("file-1")).isEqualTo(content);
  }

  @Test
  void refusesADeclaredLengthOverTheLimitBeforeReadingIt() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/files?name=huge.bin")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[24 * MIB + 1])).build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Content Too Large","status":413,
         "detail":"%s","instance":"/api/v1/files"}
        """.formatted(TOO_LARGE)));
    assertThat(storage.bytesOfUploadInProgress()).isZero();
  }

  @Test
  void refusesAStreamedBodyOnceItPassesTheLimitAndLeavesNoFile() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/files?name=huge.bin")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[24 * MIB + 1])))
        .build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(client.json(response.body()).get("detail").asString()).isEqualTo(TOO_LARGE);
    await().until(() -> storage.abandonedUploads() == 1);
    assertThat(storage.fileCount()).isZero();
  }

  @Test
  void reportsTheStorageNodeLimitAs413() throws Exception {
    storage.limitFileSize(10);

    HttpResponse<String> response = client.send(client.request("/api/v1/files?name=a.txt")
        .POST(HttpRequest.BodyPublishers.ofString("more than ten bytes")).build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(client.json(response.body()).get("detail").asString())
        .isEqualTo("file larger than the node limit of 10 bytes");
  }

  @Test
  void requiresAName() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/files?chunkSize=4")
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Bad Request","status":400,
         "detail":"Required parameter 'name' is not present.","instance":"/api/v1/files"}
        """));
  }

  @Test
  void refusesAChunkSizeThatIsNotANumberOfBytes() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/files?name=a&chunkSize=-5")
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(client.json(response.body()).get("detail").asString())
        .isEqualTo("Query parameter 'chunkSize' must be a whole number of bytes, got '-5'.");
  }

  @Test
  void showsTheMetadataOfAFile() throws Exception {
    String id = storage.put("words.txt", "hello".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = client.get("/api/v1/files/" + id);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.json(response.body()).get("name").asString()).isEqualTo("words.txt");
    assertThat(client.json(response.body()).get("size").asLong()).isEqualTo(5);
    assertThat(client.json(response.body()).get("owner").asString()).isEqualTo("system");
  }

  @Test
  void streamsTheContentOfAFile() throws Exception {
    byte[] content = randomBytes(3 * MIB + 7);
    String id = storage.put("data.bin", content);

    HttpResponse<byte[]> response = client.sendForBytes(client.request("/api/v1/files/" + id + "/content")
        .GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(content.length));
    assertThat(response.body()).isEqualTo(content);
  }

  @Test
  void answers404ForAnUnknownFile() throws Exception {
    for (String path : new String[] {"/api/v1/files/nope", "/api/v1/files/nope/content"}) {
      HttpResponse<String> response = client.get(path);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(client.json(response.body())).isEqualTo(client.json("""
          {"type":"about:blank","title":"Not Found","status":404,"detail":"no file nope","instance":"%s"}
          """.formatted(path)));
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }
}
