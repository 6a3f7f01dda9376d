package io.gristmill.storage.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {

  private final PlacementPolicy policy = new PlacementPolicy(10, new Random(1));

  @Test
  void spreadsReplicasOverZonesBeforeFillingOne() {
    List<Candidate> nodes = List.of(node("a1", "a", 10, 0), node("a2", "a", 10, 0), node("b1", "b", 50, 0),
        node("c1", "c", 60, 0));

    List<Candidate> chosen = policy.choose(nodes, 3, Set.of(), List.of(), null);

    assertThat(chosen).extracting(Candidate::zone).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void prefersNodesBelowAverageUseAndNeverPicksExcludedOrFullOnes() {
    List<Candidate> nodes = List.of(node("full", "z", 100, 0), node("busy", "z", 70, 0), node("light", "z", 10, 0),
        node("gone", "z", 0, 0));

    List<Candidate> chosen = policy.choose(nodes, 2, Set.of("gone"), List.of(), null);

    assertThat(chosen).extracting(Candidate::id).containsExactly("light", "busy");
  }

  @Test
  void fillsANewEmptyNodeGraduallyOnceItHasTakenItsShareOfRecentCreations() {
    List<Candidate> nodes = List.of(node("new", "z", 0, 10), node("old", "z", 60, 0));

    assertThat(policy.choose(nodes, 1, Set.of(), List.of(), null)).extracting(Candidate::id).containsExactly("old");
  }

  @Test
  void putsTheWritingNodeFirstWhenItCanTakeTheReplica() {
    List<Candidate> nodes = List.of(node("me", "a", 90, 0), node("other", "b", 10, 0));

    assertThat(policy.choose(nodes, 2, Set.of(), List.of(), "me")).extracting(Candidate::id)
        .containsExactly("me", "other");
  }

  @Test
  void returnsFewerNodesThanAskedWhenThereAreNoMore() {
    assertThat(policy.choose(List.of(node("only", "a", 1, 0)), 3, Set.of(), List.of(), null)).hasSize(1);
  }

  /** A node of capacity 100 with {@code used} bytes used. */
  private static Candidate node(String id, String zone, long used, int recent) {
    return new Candidate(id, id + ":9090", zone, 100, used, recent);
  }
}
