package io.gristmill.gateway.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@GatewayTest
class WordCountApiTest {

  @LocalServerPort
  int port;

  GatewayClient client;

  @BeforeEach
  void connect() {
    client = new GatewayClient(port);
  }

  @Test
  void countsWordsWithTheJobsSemantics() throws Exception {
    String text = "The cat, the HAT; the ÖL öl 42 x\u00ADy " + "Σ".repeat(2) + "ς\n".repeat(3) + "word ".repeat(1000);

    HttpResponse<String> response = post(text.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode counts = client.json(response.body()).get("counts");
    Map<String, Long> actual = new TreeMap<>();
    counts.properties().forEach(e -> actual.put(e.getKey(), e.getValue().asLong()));
    assertThat(actual).isEqualTo(reference(text));
  }

  @Test
  void answersEmptyCountsForAnEmptyBody() throws Exception {
    HttpResponse<String> response = post(new byte[0]);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.json(response.body())).isEqualTo(client.json("{\"counts\":{}}"));
  }

  @Test
  void refusesMoreThanTheLimitWith413() throws Exception {
    HttpResponse<String> response = post(new byte[64 * 1024 + 1]);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(client.json(response.body()).get("detail").asString()).isEqualTo(
        "The request body is larger than the limit of 65536 bytes (gristmill.gateway.limits.max-request-body).");
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    return client.send(client.request("/api/v1/wordcount").header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** Independent of {@code Words}: maximal runs of letters by code point, each lower-cased as a whole. */
  private static Map<String, Long> reference(String text) {
    Map<String, Long> counts = new TreeMap<>();
    StringBuilder word = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (Character.isLetter(cp)) {
        word.appendCodePoint(cp);
      } else if (!word.isEmpty()) {
        counts.merge(word.toString().toLowerCase(Locale.ROOT), 1L, Long::sum);
        word.setLength(0);
      }
    });
    if (!word.isEmpty()) {
      counts.merge(word.toString().toLowerCase(Locale.ROOT), 1L, Long::sum);
    }
    return counts;
  }
}
