package io.gristmill.gateway.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code POST /api/v1/artifacts} as the admin: jars are stored, anything else or anything too large is not. */
@GatewayTest
class ArtifactApiTest {

  /** {@code gristmill.gateway.max-artifact-size} in {@link GatewayTest}. */
  private static final int LIMIT = 1 << 20;
  private static final String TOO_LARGE = "The upload is larger than the limit of 1048576 bytes "
      + "(gristmill.gateway.max-artifact-size).";
  private static final String NOT_A_JAR =
      "An artifact must be a jar file; the body does not start with the zip signature PK\\\\x03\\\\x04.";

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
  void storesAJarAndAnswersWithItsIdAndSha256() throws Exception {
    byte[] jar = jar(1000);

    HttpResponse<String> response = client.send(client.request("/api/v1/artifacts?name=job.jar")
        .header("Content-Type", "application/java-archive")
        .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/files/file-1");
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"id":"file-1","name":"job.jar","size":%d,"sha256":"%s","owner":"admin","createdAt":"%s"}
        """.formatted(jar.length, FakeBlobStore.sha256(jar), FakeBlobStore.CREATED_AT)));
    assertThat(storage.content("file-1")).isEqualTo(jar);
  }

  @Test
  void refusesABodyDeclaredLargerThanTheLimitBeforeStoringAnything() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/artifacts?name=huge.jar")
        .POST(HttpRequest.BodyPublishers.ofByteArray(jar(LIMIT))).build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Content Too Large","status":413,
         "detail":"%s","instance":"/api/v1/artifacts"}
        """.formatted(TOO_LARGE)));
    assertThat(storage.fileCount()).isZero();
    assertThat(storage.bytesOfUploadInProgress()).isZero();
  }

  @Test
  void refusesAStreamedBodyOnceItPassesTheLimitAndLeavesNoFile() throws Exception {
    byte[] jar = jar(LIMIT);

    HttpResponse<String> response = client.send(client.request("/api/v1/artifacts?name=huge.jar")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(jar))).build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Content Too Large","status":413,
         "detail":"%s","instance":"/api/v1/artifacts"}
        """.formatted(TOO_LARGE)));
    await().until(() -> storage.abandonedUploads() == 1);
    assertThat(storage.fileCount()).isZero();
  }

  @Test
  void refusesABodyThatIsNotAJarWhateverItsContentTypeAndStoresNothing() throws Exception {
    HttpResponse<String> json = client.send(client.request("/api/v1/artifacts?name=job.jar")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"not\":\"a jar\"}")).build());
    HttpResponse<String> disguised = client.send(client.request("/api/v1/artifacts?name=job.jar")
        .header("Content-Type", "application/java-archive")
        .POST(HttpRequest.BodyPublishers.ofString("#!/bin/sh\necho hello\n")).build());
    HttpResponse<String> empty = client.send(client.request("/api/v1/artifacts?name=job.jar")
        .POST(HttpRequest.BodyPublishers.noBody()).build());

    for (HttpResponse<String> response : java.util.List.of(json, disguised, empty)) {
      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(client.json(response.body())).isEqualTo(client.json("""
          {"type":"about:blank","title":"Unsupported Media Type","status":415,
           "detail":"%s","instance":"/api/v1/artifacts"}
          """.formatted(NOT_A_JAR)));
    }
    assertThat(storage.fileCount()).isZero();
    assertThat(storage.abandonedUploads()).isZero();
  }

  /** A real jar of at least {@code minimumSize} bytes: one stored (uncompressed) entry of that size. */
  private static byte[] jar(int minimumSize) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes)) {
      out.setLevel(0);
      out.putNextEntry(new JarEntry("data.bin"));
      out.write(new byte[minimumSize]);
      out.closeEntry();
    }
    return bytes.toByteArray();
  }
}
