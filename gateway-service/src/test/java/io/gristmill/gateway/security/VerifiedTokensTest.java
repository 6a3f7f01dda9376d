package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.gateway.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  private static final CurrentPrincipal CI = new CurrentPrincipal("ci", Role.SUBMITTER);

  private final MutableClock clock = new MutableClock();
  private final VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(5), 2, clock);

  @Test
  void trustsAVerifiedTokenUntilItsTimeToLiveEnds() {
    tokens.remember("a", CI, tokens.generation());

    clock.advance(Duration.ofMillis(4999));
    assertThat(tokens.find("a")).contains(CI);
    clock.advance(Duration.ofMillis(1));
    assertThat(tokens.find("a")).isEmpty();
  }

  @Test
  void forgetsEveryTokenWhenInvalidated() {
    tokens.remember("a", CI, tokens.generation());

    tokens.invalidateAll();

    assertThat(tokens.find("a")).isEmpty();
  }

  @Test
  void doesNotRememberWhatALookupReadBeforeARevocationCommitted() {
    long seen = tokens.generation();
    tokens.invalidateAll();

    tokens.remember("a", CI, seen);

    assertThat(tokens.find("a")).isEmpty();
  }

  @Test
  void holdsAtMostItsBound() {
    tokens.remember("a", CI, tokens.generation());
    tokens.remember("b", CI, tokens.generation());

    tokens.remember("c", CI, tokens.generation());

    assertThat(tokens.find("a")).isEmpty();
    assertThat(tokens.find("b")).isEmpty();
    assertThat(tokens.find("c")).contains(CI);
  }

  @Test
  void remembersNothingWithAZeroTimeToLive() {
    VerifiedTokens uncached = new VerifiedTokens(Duration.ZERO, 2, clock);

    uncached.remember("a", CI, uncached.generation());

    assertThat(uncached.find("a")).isEmpty();
  }
}
