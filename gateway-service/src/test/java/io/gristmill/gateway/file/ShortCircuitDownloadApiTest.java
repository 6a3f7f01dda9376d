package io.gristmill.gateway.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Downloads read from the chunk files of a storage node whose disk this host sees (the fake's node-a) when they
 * are there and intact, and through the node's Read otherwise: the fake counts its Read calls.
 */
@GatewayTest
class ShortCircuitDownloadApiTest {

  /** Three chunks of the fake's 8 MiB, the last one short. */
  static final int SIZE = 20 * (1 << 20) + 11;

  @LocalServerPort
  int port;

  @Autowired
  FakeBlobStore storage;

  GatewayClient client;
  byte[] content;
  String id;

  @BeforeEach
  void storeAFile() {
    client = new GatewayClient(port);
    storage.reset();
    content = new byte[SIZE];
    new Random(8).nextBytes(content);
    id = storage.put("big.bin", content);
  }

  @Test
  void downloadReadsEveryChunkFromItsReplicaOnThisHost() throws Exception {
    storage.storeOnThisHost(id);

    HttpResponse<byte[]> response = client.sendForBytes(client.request("/api/v1/files/" + id + "/content")
        .GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(storage.reads()).isZero();
  }

  @Test
  void rangeAcrossChunkEdgesIsReadFromTheReplicasOnThisHost() throws Exception {
    storage.storeOnThisHost(id);

    HttpResponse<byte[]> response = client.sendForBytes(client.request("/api/v1/files/" + id + "/content")
        .header("Range", "bytes=8388000-16777300").GET().build());

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 8_388_000, 16_777_301));
    assertThat(storage.reads()).isZero();
  }

  @Test
  void chunkWhoseCopyOnThisHostFailsItsChecksumIsReadThroughTheNode() throws Exception {
    storage.storeOnThisHost(id);
    storage.corruptOnThisHost(id, 1, 3 * 65536 + 5);

    HttpResponse<byte[]> response = client.sendForBytes(client.request("/api/v1/files/" + id + "/content")
        .GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(storage.reads()).isEqualTo(1);
  }

  @Test
  void fileWithoutReplicasOnThisHostIsReadThroughTheNode() throws Exception {
    HttpResponse<byte[]> response = client.sendForBytes(client.request("/api/v1/files/" + id + "/content")
        .GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(storage.reads()).isEqualTo(3);
  }
}
