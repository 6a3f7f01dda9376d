package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofMinutes(1), new Clock() {
    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  });

  @Test
  void blocksAnAddressAtTheLimitUntilItsWindowEnds() {
    limiter.failed("a");
    now = now.plusSeconds(10);
    limiter.failed("a");
    assertThat(limiter.blockedFor("a")).isEmpty();
    limiter.failed("a");

    assertThat(limiter.blockedFor("a")).contains(Duration.ofSeconds(50));
    assertThat(limiter.blockedFor("b")).as("other addresses are not affected").isEmpty();
    now = now.plusSeconds(50);
    assertThat(limiter.blockedFor("a")).isEmpty();
  }

  @Test
  void startsAFreshWindowAfterTheOldOneEnds() {
    limiter.failed("a");
    limiter.failed("a");
    now = now.plusSeconds(61);
    limiter.failed("a");
    limiter.failed("a");

    assertThat(limiter.blockedFor("a")).isEmpty();
  }
}
