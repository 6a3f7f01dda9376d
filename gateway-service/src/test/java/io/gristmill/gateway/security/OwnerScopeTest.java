package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OwnerScopeTest {

  private static final CurrentPrincipal ALICE = new CurrentPrincipal("alice", Role.SUBMITTER);
  private static final CurrentPrincipal ROOT = new CurrentPrincipal("root", Role.ADMIN);

  @Test
  void aNonAdminAlwaysListsItsOwnWhateverItAsks() {
    assertThat(OwnerScope.ownerFilter(ALICE, null)).isEqualTo("alice");
    assertThat(OwnerScope.ownerFilter(ALICE, "bob")).isEqualTo("alice");
  }

  @Test
  void anAdminListsEveryoneOrWhomItNames() {
    assertThat(OwnerScope.ownerFilter(ROOT, null)).isEmpty();
    assertThat(OwnerScope.ownerFilter(ROOT, " ")).isEmpty();
    assertThat(OwnerScope.ownerFilter(ROOT, "bob")).isEqualTo("bob");
  }

  @Test
  void hidesOtherOwnersResourcesBehindTheNotFoundError() {
    assertThat(OwnerScope.requireVisible(ALICE, "alice", "r", IllegalStateException::new)).isEqualTo("r");
    assertThat(OwnerScope.requireVisible(ROOT, "bob", "r", IllegalStateException::new)).isEqualTo("r");
    assertThatThrownBy(() -> OwnerScope.requireVisible(ALICE, "bob", "r", () -> new IllegalStateException("gone")))
        .hasMessage("gone");
  }
}
