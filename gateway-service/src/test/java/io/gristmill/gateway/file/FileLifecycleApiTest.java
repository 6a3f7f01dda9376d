package io.gristmill.gateway.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Listing, deletion and restore, and byte ranges of content. */
@GatewayTest
class FileLifecycleApiTest {

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
  void listsFilesNewestFirstInPagesAndAnAdminSeesEveryOwnersUnlessNarrowed() throws Exception {
    storage.put("a.txt", "admin", new byte[] {1});
    storage.put("job-output", "system", new byte[] {2});
    storage.put("b.txt", "admin", new byte[] {3, 4});
    storage.put("c.txt", "admin", new byte[0]);

    HttpResponse<String> first = client.get("/api/v1/files?page=0&size=2");
    HttpResponse<String> second = client.get("/api/v1/files?page=1&size=2");
    HttpResponse<String> ownOnly = client.get("/api/v1/files?page=0&size=10&owner=admin");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(client.json(first.body())).isEqualTo(client.json("""
        {"files":[
          {"id":"file-4","name":"c.txt","size":0,
           "sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","chunkSize":8388608,
           "replication":3,"owner":"admin","createdAt":"2025-01-02T03:04:05.600Z"},
          {"id":"file-3","name":"b.txt","size":2,"sha256":"%s","chunkSize":8388608,
           "replication":3,"owner":"admin","createdAt":"2025-01-02T03:04:05.600Z"}],
         "page":0,"size":2,"totalFiles":4,"totalPages":2}
        """.formatted(FakeBlobStore.sha256(new byte[] {3, 4}))));
    assertThat(client.json(second.body()).get("files").findValuesAsString("id")).containsExactly("file-2", "file-1");
    assertThat(client.json(ownOnly.body()).get("files").findValuesAsString("id"))
        .containsExactly("file-4", "file-3", "file-1");
  }

  @Test
  void refusesPageParametersOutOfRange() throws Exception {
    HttpResponse<String> size = client.get("/api/v1/files?size=1001");
    HttpResponse<String> page = client.get("/api/v1/files?page=-1");

    assertThat(size.statusCode()).isEqualTo(400);
    assertThat(client.json(size.body()).get("detail").asString())
        .isEqualTo("Invalid request: size: must be less than or equal to 1000");
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(client.json(page.body()).get("detail").asString())
        .isEqualTo("Invalid request: page: must be greater than or equal to 0");
  }

  @Test
  void deleteHidesAFileAndRestoreBringsItBack() throws Exception {
    String id = storage.put("keep.txt", "admin", new byte[] {7, 8, 9});

    HttpResponse<String> deleted = client.send(client.request("/api/v1/files/" + id).DELETE().build());
    HttpResponse<String> gone = client.get("/api/v1/files/" + id);
    HttpResponse<String> restored = client.send(client.request("/api/v1/files/" + id + "/restore")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    HttpResponse<String> back = client.get("/api/v1/files/" + id);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(restored.statusCode()).isEqualTo(200);
    assertThat(client.json(restored.body()).get("name").asString()).isEqualTo("keep.txt");
    assertThat(back.statusCode()).isEqualTo(200);
  }

  @Test
  void deletingOrRestoringAnUnknownFileIs404() throws Exception {
    HttpResponse<String> delete = client.send(client.request("/api/v1/files/nope").DELETE().build());
    HttpResponse<String> restore = client.send(client.request("/api/v1/files/nope/restore")
        .POST(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(delete.statusCode()).isEqualTo(404);
    assertThat(client.json(delete.body()).get("detail").asString()).isEqualTo("no file nope");
    assertThat(restore.statusCode()).isEqualTo(404);
  }

  @Test
  void servesSingleByteRangesAs206() throws Exception {
    byte[] content = new byte[3_000_000];
    new Random(5).nextBytes(content);
    String id = storage.put("ranged.bin", "admin", content);

    assertRange(id, "bytes=1048570-2097160", content, 1_048_570, 2_097_160);
    assertRange(id, "bytes=2999990-", content, 2_999_990, 2_999_999);
    assertRange(id, "bytes=-10", content, 2_999_990, 2_999_999);
    assertRange(id, "bytes=0-0", content, 0, 0);
    assertRange(id, "bytes=2999999-5000000", content, 2_999_999, 2_999_999);
  }

  @Test
  void sendsTheWholeFileForRangesItDoesNotServe() throws Exception {
    byte[] content = {1, 2, 3, 4, 5};
    String id = storage.put("five.bin", "admin", content);

    for (String range : new String[] {"bytes=0-1,3-4", "items=0-1", "bytes=3-1"}) {
      HttpResponse<byte[]> response = client.sendForBytes(client.request("/api/v1/files/" + id + "/content")
          .header("Range", range).GET().build());

      assertThat(response.statusCode()).as(range).isEqualTo(200);
      assertThat(response.body()).isEqualTo(content);
    }
  }

  @Test
  void answers416ForARangePastTheEnd() throws Exception {
    String id = storage.put("five.bin", "admin", new byte[] {1, 2, 3, 4, 5});

    HttpResponse<String> response = client.send(client.request("/api/v1/files/" + id + "/content")
        .header("Range", "bytes=5-").GET().build());

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */5");
    assertThat(client.json(response.body()).get("detail").asString())
        .isEqualTo("The range 'bytes=5-' does not overlap the file's 5 bytes.");
  }

  private void assertRange(String id, String range, byte[] content, int first, int last) throws Exception {
    HttpResponse<byte[]> response = client.sendForBytes(client.request("/api/v1/files/" + id + "/content")
        .header("Range", range).GET().build());

    assertThat(response.statusCode()).as(range).isEqualTo(206);
    assertThat(response.headers().firstValue("Content-Range"))
        .hasValue("bytes " + first + "-" + last + "/" + content.length);
    assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(last - first + 1));
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, first, last + 1));
  }
}
