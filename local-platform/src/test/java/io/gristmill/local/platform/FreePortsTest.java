package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  /**
   * A platform's ports are all picked before any process binds one, so the kernel is free to give a released port
   * out again. Among 2,000 picks from its ~28,000 ephemeral ports, repeats are all but certain unless the launcher
   * refuses them (the birthday bound expects about 70).
   */
  @Test
  void neverHandsOutTheSamePortTwice() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      int port = FreePorts.pick();
      assertThat(ports.add(port)).as("port %d handed out again at pick %d", port, i).isTrue();
      assertThat(port).isPositive();
    }
  }
}
