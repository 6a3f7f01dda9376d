package io.gristmill.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartLintTest {

  @Test
  void passesHelmLintInStrictModeWithNoWarnings() {
    LintResult result = GristmillChart.lint();

    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("only informational messages")
        .allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
  }

  @Test
  void valuesSchemaRejectsAnUnknownAutoscalingMode(@TempDir Path dir) throws Exception {
    Path values = Files.writeString(dir.resolve("values.yaml"), "workers:\n  autoscaling:\n    mode: kedda\n");

    assertThatThrownBy(() -> GristmillChart.render(values.toString()))
        .hasMessageContaining("at '/workers/autoscaling/mode': value must be one of 'keda', 'hpa', 'none'");
  }

  @Test
  void valuesSchemaRejectsAMisspelledSetting(@TempDir Path dir) throws Exception {
    Path values = Files.writeString(dir.resolve("values.yaml"), "storage:\n  replica: 5\n");

    assertThatThrownBy(() -> GristmillChart.render(values.toString()))
        .hasMessageContaining("at '/storage': additional properties 'replica' not allowed");
  }
}
