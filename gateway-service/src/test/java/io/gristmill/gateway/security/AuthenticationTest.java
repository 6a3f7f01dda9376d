package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.gateway.FakeJobService;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import io.gristmill.gateway.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@GatewayTest
class AuthenticationTest {

  @LocalServerPort
  int port;

  @Autowired
  FakeJobService jobService;

  GatewayClient client;

  @Autowired
  MutableClock clock;

  /** Earlier suites' wrong tokens must not count against this one's. */
  @BeforeEach
  void connect() {
    clock.advance(Duration.ofHours(1));
    client = new GatewayClient(port);
    jobService.reset();
  }

  @Test
  void refusesRequestWithoutTokenWithProblemAndChallenge() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/api/v1/jobs/job-1")).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gristmill\"");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Unauthorized","status":401,
         "detail":"Missing bearer token: send the header 'Authorization: Bearer <token>'.",
         "instance":"/api/v1/jobs/job-1"}
        """));
  }

  @Test
  void refusesWrongToken() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/files/file-1")
        .setHeader("Authorization", "Bearer not-the-token").GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"gristmill\", error=\"invalid_token\"");
    assertThat(client.json(response.body())).isEqualTo(client.json("""
        {"type":"about:blank","title":"Unauthorized","status":401,
         "detail":"The bearer token is not valid.","instance":"/api/v1/files/file-1"}
        """));
  }

  @Test
  void refusesTheRightTokenUnderAnotherScheme() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/v1/files/file-1")
        .setHeader("Authorization", "Basic " + GatewayClient.TOKEN).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(client.json(response.body()).get("detail").asString()).isEqualTo("The bearer token is not valid.");
  }

  @Test
  void admitsTheAdminToken() throws Exception {
    HttpResponse<String> response = client.get("/api/v1/jobs/no-such-job");

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void leavesProbesMetricsAndHomePageOpen() throws Exception {
    for (String path : new String[] {"/actuator/health/readiness", "/actuator/health/liveness",
        "/actuator/prometheus", "/"}) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + path)).GET().build());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
  }
}
