package io.gristmill.storage.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplicationNeedTest {

  @Test
  void repairsTheChunkWithOneReplicaLeftBeforeThoseWithTwo() {
    ReplicationNeed twoOfThree = need(3, 2);
    ReplicationNeed oneOfThree = need(3, 1);
    ReplicationNeed oneOfTwo = need(2, 1);
    ReplicationNeed twoOfFive = need(5, 2);

    List<ReplicationNeed> order = List.of(twoOfThree, oneOfTwo, twoOfFive, oneOfThree).stream()
        .sorted(ReplicationNeed.MOST_ENDANGERED_FIRST).toList();

    assertThat(order).containsExactly(oneOfThree, oneOfTwo, twoOfFive, twoOfThree);
  }

  private static ReplicationNeed need(int goal, int live) {
    return new ReplicationNeed(UUID.randomUUID(), 10, 1, goal, live);
  }
}
