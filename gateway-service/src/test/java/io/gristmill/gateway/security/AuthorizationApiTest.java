package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobStatus;
import io.gristmill.gateway.FakeBlobStore;
import io.gristmill.gateway.FakeJobService;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import io.gristmill.gateway.MutableClock;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Roles, ownership, token management, the dashboard's session with CSRF, rate limiting and headers. */
@GatewayTest
class AuthorizationApiTest {

  @LocalServerPort
  int port;

  @Autowired
  FakeJobService jobService;

  @Autowired
  FakeBlobStore storage;

  @Autowired
  MutableClock clock;

  GatewayClient admin;

  @BeforeEach
  void connect() {
    clock.advance(Duration.ofHours(1));
    admin = new GatewayClient(port);
    jobService.reset();
    storage.reset();
  }

  @Test
  void aViewerReadsButCannotSubmit() throws Exception {
    GatewayClient viewer = admin.as(admin.newToken("vera", "viewer"));
    jobService.put(job("job-9", "vera"));

    HttpResponse<String> read = viewer.get("/api/v1/jobs/job-9");
    HttpResponse<String> submit = viewer.postJson("/api/v1/jobs", "{\"type\":\"wordcount\",\"inputs\":[\"f\"]}");

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(submit.statusCode()).isEqualTo(403);
    assertThat(admin.json(submit.body())).isEqualTo(admin.json("""
        {"type":"about:blank","title":"Forbidden","status":403,
         "detail":"Principal 'vera' with role 'viewer' may not POST /api/v1/jobs.","instance":"/api/v1/jobs"}
        """));
    assertThat(jobService.submissions()).isEmpty();
  }

  @Test
  void aSubmitterSubmitsAsItselfButNeitherAdministersNorRunsCustomCode() throws Exception {
    GatewayClient sam = admin.as(admin.newToken("sam", "submitter"));

    HttpResponse<String> submitted = sam.postJson("/api/v1/jobs", "{\"type\":\"wordcount\",\"inputs\":[\"f\"]}");
    HttpResponse<String> custom = sam.postJson("/api/v1/jobs", "{\"type\":\"custom\",\"inputs\":[\"f\"]}");
    HttpResponse<String> tokens = sam.get("/api/v1/tokens");
    HttpResponse<String> artifact = sam.postJson("/api/v1/artifacts", "{}");
    HttpResponse<String> decommission = sam.postJson("/api/v1/storage/nodes/n1/decommission", "{}");

    assertThat(submitted.statusCode()).isEqualTo(202);
    assertThat(admin.json(submitted.body()).get("owner").asString()).isEqualTo("sam");
    assertThat(custom.statusCode()).isEqualTo(403);
    assertThat(admin.json(custom.body()).get("detail").asString())
        .isEqualTo("Job type 'custom' runs custom code; only an admin may submit it.");
    assertThat(tokens.statusCode()).isEqualTo(403);
    assertThat(artifact.statusCode()).isEqualTo(403);
    assertThat(decommission.statusCode()).isEqualTo(403);
    assertThat(admin.json(decommission.body()).get("detail").asString()).isEqualTo(
        "Principal 'sam' with role 'submitter' may not POST /api/v1/storage/nodes/n1/decommission.");
  }

  @Test
  void anotherUsersJobOrFileAnswersExactlyLikeAMissingOne() throws Exception {
    GatewayClient bob = admin.as(admin.newToken("bob", "submitter"));
    jobService.put(job("job-alice", "alice"));
    String file = storage.put("a.txt", "alice", new byte[0]);

    HttpResponse<String> foreign = bob.get("/api/v1/jobs/job-alice");
    HttpResponse<String> missing = bob.get("/api/v1/jobs/job-nobody");
    HttpResponse<String> cancel = bob.postJson("/api/v1/jobs/job-alice/cancel", "");
    HttpResponse<String> tasks = bob.get("/api/v1/jobs/job-alice/tasks");
    HttpResponse<String> output = bob.get("/api/v1/jobs/job-alice/output");
    HttpResponse<String> waited = bob.get("/api/v1/jobs/job-alice?waitSeconds=30");
    HttpResponse<String> fileMeta = bob.get("/api/v1/files/" + file);
    HttpResponse<String> fileContent = bob.get("/api/v1/files/" + file + "/content");

    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(admin.json(foreign.body()).get("detail").asString()).isEqualTo("job job-alice not found");
    assertThat(admin.json(missing.body()).get("detail").asString()).isEqualTo("no job job-nobody");
    for (HttpResponse<String> r : java.util.List.of(cancel, tasks, output, waited)) {
      assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(404);
      assertThat(admin.json(r.body()).get("detail").asString()).isEqualTo("job job-alice not found");
    }
    assertThat(jobService.job("job-alice").getStatus()).isEqualTo(JobStatus.JOB_STATUS_RUNNING);
    assertThat(jobService.waitsAskedFor()).as("no wait reaches the job service").isEmpty();
    assertThat(fileMeta.statusCode()).isEqualTo(404);
    assertThat(admin.json(fileMeta.body()).get("detail").asString()).isEqualTo("file " + file + " not found");
    assertThat(fileContent.statusCode()).isEqualTo(404);
    assertThat(admin.get("/api/v1/jobs/job-alice").statusCode()).as("an admin sees everyone's").isEqualTo(200);
  }

  @Test
  void listsOnlyTheCallersOwnJobsUnlessAdmin() throws Exception {
    GatewayClient bob = admin.as(admin.newToken("bob", "viewer"));
    jobService.put(job("job-1", "alice"));
    jobService.put(job("job-2", "bob"));

    JsonNode bobs = admin.json(bob.get("/api/v1/jobs?owner=alice").body());
    JsonNode everyone = admin.json(admin.get("/api/v1/jobs").body());
    JsonNode alices = admin.json(admin.get("/api/v1/jobs?owner=alice").body());

    assertThat(bobs.get("jobs")).extracting(j -> j.get("id").asString()).containsExactly("job-2");
    assertThat(everyone.get("jobs")).extracting(j -> j.get("id").asString()).containsExactly("job-2", "job-1");
    assertThat(alices.get("jobs")).extracting(j -> j.get("id").asString()).containsExactly("job-1");
  }

  @Test
  void tokensAreShownOnceListedWithoutSecretAndRevocable() throws Exception {
    HttpResponse<String> created = admin.postJson("/api/v1/tokens",
        "{\"name\":\"ci-" + System.nanoTime() + "\",\"principal\":\"ci\",\"role\":\"submitter\"}");
    JsonNode token = admin.json(created.body());
    String secret = token.get("token").asString();
    GatewayClient ci = admin.as(secret);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/tokens/" + token.get("id").asString());
    assertThat(secret).startsWith("gm_").hasSize(46);
    assertThat(ci.get("/api/v1/jobs").statusCode()).isEqualTo(200);
    JsonNode listed = admin.json(admin.get("/api/v1/tokens").body()).get("tokens");
    assertThat(listed).anySatisfy(t -> {
      assertThat(t.get("id").asString()).isEqualTo(token.get("id").asString());
      assertThat(t.get("token").isNull()).isTrue();
      assertThat(t.get("role").asString()).isEqualTo("submitter");
    });
    assertThat(admin.get("/api/v1/tokens").body()).doesNotContain(secret);

    HttpResponse<String> revoked = admin.send(admin.request("/api/v1/tokens/" + token.get("id").asString())
        .DELETE().build());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(admin.json(revoked.body()).get("revokedAt").isNull()).isFalse();
    assertThat(ci.get("/api/v1/jobs").statusCode()).isEqualTo(401);
  }

  @Test
  void refusesBadTokenRequestsPrecisely() throws Exception {
    String name = "dup-" + System.nanoTime();
    admin.newToken("x", "viewer");
    admin.postJson("/api/v1/tokens", "{\"name\":\"" + name + "\",\"principal\":\"p\",\"role\":\"viewer\"}");

    HttpResponse<String> badRole = admin.postJson("/api/v1/tokens",
        "{\"name\":\"n\",\"principal\":\"p\",\"role\":\"root\"}");
    HttpResponse<String> duplicate = admin.postJson("/api/v1/tokens",
        "{\"name\":\"" + name + "\",\"principal\":\"p\",\"role\":\"viewer\"}");
    HttpResponse<String> badName = admin.postJson("/api/v1/tokens",
        "{\"name\":\"\",\"principal\":\"p\",\"role\":\"viewer\"}");
    HttpResponse<String> unknown = admin.send(admin.request("/api/v1/tokens/00000000-0000-0000-0000-000000000000")
        .DELETE().build());

    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(admin.json(badRole.body()).get("detail").asString())
        .isEqualTo("role 'root' is not a role; known roles: viewer, submitter, admin");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(admin.json(duplicate.body()).get("detail").asString())
        .isEqualTo("a live token is already named '" + name + "'");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(admin.json(badName.body()).get("detail").asString()).isEqualTo("name must be 1 to 64 letters, "
        + "digits, spaces or ._@- and start with a letter or digit, got ''");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAnAddressAfterTooManyFailuresUntilTheWindowEnds() throws Exception {
    GatewayClient wrong = admin.as("guess");
    for (int i = 0; i < 5; i++) {
      assertThat(wrong.get("/api/v1/jobs").statusCode()).isEqualTo(401);
    }

    HttpResponse<String> blocked = admin.get("/api/v1/jobs");

    assertThat(blocked.statusCode()).as("even the right token waits").isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(admin.json(blocked.body()).get("detail").asString())
        .isEqualTo("Too many failed authentications from this address; try again in 60 seconds.");
    clock.advance(Duration.ofSeconds(61));
    assertThat(admin.get("/api/v1/jobs").statusCode()).isEqualTo(200);
  }

  @Test
  void theDashboardSignsInOnceAndItsStateChangesNeedTheCsrfToken() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String base = "http://localhost:" + port;
    JsonNode anonymous = admin.json(browser.send(HttpRequest.newBuilder(URI.create(base + "/ui/session")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    String csrf = anonymous.get("csrfToken").asString();
    assertThat(anonymous.get("principal").isNull()).isTrue();
    assertThat(anonymous.get("csrfHeader").asString()).isEqualTo("X-CSRF-TOKEN");

    HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(base + "/ui/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + GatewayClient.TOKEN + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);

    HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/ui/session"))
        .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + GatewayClient.TOKEN + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(200);
    assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
        .contains("GRISTMILL_SESSION=").contains("HttpOnly").contains("SameSite=Strict"));
    JsonNode session = admin.json(signedIn.body());
    assertThat(session.get("principal").asString()).isEqualTo("admin");
    assertThat(session.get("role").asString()).isEqualTo("admin");

    assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    String body = "{\"type\":\"wordcount\",\"inputs\":[\"f\"]}";
    HttpResponse<String> withoutCsrf = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(withoutCsrf.statusCode()).isEqualTo(403);
    assertThat(admin.json(withoutCsrf.body()).get("detail").asString()).isEqualTo("Missing or invalid CSRF token: "
        + "a signed-in dashboard must send the X-CSRF-TOKEN header that GET /ui/session returns.");
    HttpResponse<String> withCsrf = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
        .header("Content-Type", "application/json").header("X-CSRF-TOKEN", session.get("csrfToken").asString())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(withCsrf.statusCode()).isEqualTo(202);
    assertThat(jobService.submissions()).hasSize(1);
  }

  @Test
  void answersWithSecurityHeaders() throws Exception {
    for (String path : new String[] {"/", "/api/v1/jobs"}) {
      HttpResponse<String> response = admin.get(path);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
      assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
      assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
          .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'").contains("script-src 'self'"));
    }
  }

  private static Job job(String id, String owner) {
    return Job.newBuilder().setId(id).setType("wordcount").setOwner(owner).setStatus(JobStatus.JOB_STATUS_RUNNING)
        .setSubmittedAt(FakeJobService.timestamp(FakeJobService.SUBMITTED_AT)).build();
  }
}
