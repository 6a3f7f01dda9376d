package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalPlatformTest {

  @Test
  void restartBackoffDoublesUpToThirtySeconds() {
    assertThat(LocalPlatform.backoff(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(LocalPlatform.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(LocalPlatform.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(LocalPlatform.backoff(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(LocalPlatform.backoff(50)).isEqualTo(Duration.ofSeconds(30));
  }
}
