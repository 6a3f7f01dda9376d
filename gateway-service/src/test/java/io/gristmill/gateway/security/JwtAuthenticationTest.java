package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gristmill.gateway.FakeJobService;
import io.gristmill.gateway.GatewayClient;
import io.gristmill.gateway.GatewayTest;
import io.gristmill.gateway.MutableClock;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Single sign-on with tokens signed by a key made for the tests: its public half is what the gateway is
 * configured to trust ({@code classpath:jwt/test-public.pem}).
 */
@GatewayTest
class JwtAuthenticationTest {

  @LocalServerPort
  int port;

  @Autowired
  FakeJobService jobService;

  @Autowired
  MutableClock clock;

  GatewayClient admin;

  @BeforeEach
  void connect() {
    clock.advance(Duration.ofHours(1));
    admin = new GatewayClient(port);
    jobService.reset();
  }

  @Test
  void aSignedTokenActsAsItsSubjectWithTheHighestRoleItNames() throws Exception {
    GatewayClient carol = admin.as(sign(trusted(), "carol", List.of("viewer", "submitter"), Instant.now().plusSeconds(300)));

    HttpResponse<String> submitted = carol.postJson("/api/v1/jobs", "{\"type\":\"wordcount\",\"inputs\":[\"f\"]}");

    assertThat(submitted.statusCode()).isEqualTo(202);
    assertThat(admin.json(submitted.body()).get("owner").asString()).isEqualTo("carol");
    assertThat(jobService.submissions()).extracting(r -> r.getOwner()).containsExactly("carol");
  }

  @Test
  void aTokenWithoutRolesGetsTheDefaultRole() throws Exception {
    GatewayClient dave = admin.as(sign(trusted(), "dave", List.of(), Instant.now().plusSeconds(300)));

    assertThat(dave.get("/api/v1/jobs").statusCode()).isEqualTo(200);
    assertThat(dave.postJson("/api/v1/jobs", "{\"type\":\"wordcount\",\"inputs\":[\"f\"]}").statusCode())
        .isEqualTo(403);
  }

  @Test
  void refusesAnExpiredTokenAndOneSignedByAnotherKey() throws Exception {
    PrivateKey stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();

    HttpResponse<String> expired = admin.as(sign(trusted(), "erin", List.of("admin"),
        Instant.now().minusSeconds(600))).get("/api/v1/jobs");
    HttpResponse<String> forged = admin.as(sign(stranger, "erin", List.of("admin"),
        Instant.now().plusSeconds(300))).get("/api/v1/jobs");

    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(admin.json(expired.body()).get("detail").asString()).isEqualTo("The bearer token is not valid.");
    assertThat(forged.statusCode()).isEqualTo(401);
  }

  private static String sign(PrivateKey key, String subject, List<String> roles, Instant expiry) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
        .subject(subject).claim("roles", roles).issueTime(Date.from(expiry.minusSeconds(900)))
        .expirationTime(Date.from(expiry)).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static PrivateKey trusted() throws Exception {
    try (InputStream in = JwtAuthenticationTest.class.getResourceAsStream("/jwt/test-private.pem")) {
      String pem = new String(in.readAllBytes()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
  }
}
