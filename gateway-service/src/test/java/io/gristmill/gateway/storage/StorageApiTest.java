package io.gristmill.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@GatewayTest
class StorageApiTest {

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
  void showsEveryNodeAndTheHealthOfTheStoreInTheDashboardsShape() throws Exception {
    HttpResponse<String> response = client.get("/api/v1/storage/nodes");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"nodes":[
          {"id":"node-a","address":"10.0.0.1:9090","zone":"zone-a","capacityBytes":1000,"usedBytes":100,
           "chunkCount":12,"state":"LIVE","lastHeartbeat":"2025-01-02T03:04:05.600Z"},
          {"id":"node-b","address":"10.0.0.2:9090","zone":"zone-b","capacityBytes":2000,"usedBytes":0,
           "chunkCount":0,"state":"DEAD","lastHeartbeat":"2025-01-02T03:04:05.600Z"}],
         "health":{"underReplicatedChunks":4,"corruptReplicas":1,"staleReplicas":2,"gcBacklogChunks":7}}
        """));
  }

  @Test
  void decommissioningALiveNodeStartsItsDrain() throws Exception {
    HttpResponse<String> response = decommission("node-a");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.json(response.body()).get("state").asString()).isEqualTo("DECOMMISSIONING");
  }

  @Test
  void decommissioningAnUnknownNodeIs404AndADeadOne409() throws Exception {
    HttpResponse<String> unknown = decommission("node-x");
    HttpResponse<String> dead = decommission("node-b");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(client.json(unknown.body()).get("detail").asString()).isEqualTo("storage node 'node-x' not found");
    assertThat(dead.statusCode()).isEqualTo(409);
    assertThat(client.json(dead.body()).get("detail").asString())
        .isEqualTo("storage node 'node-b' is DEAD; only a LIVE node can be drained");
  }

  private HttpResponse<String> decommission(String node) throws Exception {
    return client.send(client.request("/api/v1/storage/nodes/" + node + "/decommission")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }
}
