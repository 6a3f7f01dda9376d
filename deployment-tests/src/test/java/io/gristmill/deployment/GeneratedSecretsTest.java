package io.gristmill.deployment;

import static io.gristmill.deployment.GristmillChart.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSecretsTest {

  private static final String TOKEN = "token-of-an-installed-release-0123456789abcdef";

  @AfterEach
  void forgetInstalledSecrets() {
    FakeKubernetesApi.get().clearSecrets();
  }

  @Test
  void theAdminTokenSecretHoldsTheTokenAndItsSha256() throws Exception {
    Secret secret = GristmillChart.render().one(Secret.class, name("admin-token"));

    String token = decode(secret.getData().get("token"));
    assertThat(token).hasSize(48).matches("[A-Za-z0-9]+");
    assertThat(decode(secret.getData().get("sha256"))).isEqualTo(sha256Hex(token));
    assertThat(secret.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
  }

  @Test
  void anUpgradeKeepsTheTokenAndPasswordsOfTheInstalledRelease() throws Exception {
    FakeKubernetesApi.get().putSecret(GristmillChart.NAMESPACE, secret(name("admin-token"), "token", TOKEN));
    FakeKubernetesApi.get().putSecret(GristmillChart.NAMESPACE, secret(name("postgresql"), "password", "installed-password"));

    RenderedRelease upgrade = GristmillChart.render("ci/bundled-postgresql-values.yaml");

    Secret admin = upgrade.one(Secret.class, name("admin-token"));
    assertThat(decode(admin.getData().get("token"))).isEqualTo(TOKEN);
    assertThat(decode(admin.getData().get("sha256"))).isEqualTo(sha256Hex(TOKEN));
    assertThat(decode(upgrade.one(Secret.class, name("postgresql")).getData().get("password"))).isEqualTo("installed-password");
  }

  @Test
  void anExistingAdminTokenSecretReplacesTheGeneratedOne(@TempDir Path dir) throws Exception {
    Path values = Files.writeString(dir.resolve("values.yaml"), "adminToken:\n  existingSecret: my-admin-token\n");

    RenderedRelease release = GristmillChart.render(values.toString());

    assertThat(release.find(Secret.class, name("admin-token"))).isEmpty();
    assertThat(release.env(name("gateway"), "GRISTMILL_GATEWAY_SECURITY_ADMIN_TOKEN_SHA256").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("my-admin-token");
  }

  private static Secret secret(String name, String key, String value) {
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(GristmillChart.NAMESPACE).endMetadata()
        .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
