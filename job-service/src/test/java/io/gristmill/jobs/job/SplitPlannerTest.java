package io.gristmill.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.jobs.task.MapSplit;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitPlannerTest {

  @Test
  void makesOneSplitPerChunkInInputThenChunkOrderRememberingWhereItsReplicasAre() {
    InputFile first = new InputFile("f1", "one.txt", 250, List.of(
        new InputFile.Chunk(0, 100, List.of("node-1", "node-2")),
        new InputFile.Chunk(100, 100, List.of("node-2", "node-3")),
        new InputFile.Chunk(200, 50, List.of())));
    InputFile second = new InputFile("f2", "two.txt", 40, List.of(new InputFile.Chunk(0, 40, List.of("node-3"))));

    assertThat(SplitPlanner.plan(List.of(first, second))).containsExactly(
        new MapSplit("f1", "one.txt", 0, 100, 250, List.of("node-1", "node-2")),
        new MapSplit("f1", "one.txt", 100, 100, 250, List.of("node-2", "node-3")),
        new MapSplit("f1", "one.txt", 200, 50, 250, List.of()),
        new MapSplit("f2", "two.txt", 0, 40, 40, List.of("node-3")));
  }

  @Test
  void anEmptyFileHasNoSplit() {
    InputFile empty = new InputFile("f0", "empty.txt", 0, List.of());
    InputFile small = new InputFile("f1", "small.txt", 5, List.of(new InputFile.Chunk(0, 5, List.of())));

    assertThat(SplitPlanner.plan(List.of(empty, small)))
        .containsExactly(new MapSplit("f1", "small.txt", 0, 5, 5, List.of()));
    assertThat(SplitPlanner.plan(List.of(empty))).isEmpty();
  }

  @Test
  void aReplicaAddressGivesItsHost() {
    assertThat(InputCatalog.hostOf("node-3:9090")).isEqualTo("node-3");
    assertThat(InputCatalog.hostOf("[::1]:9090")).isEqualTo("::1");
    assertThat(InputCatalog.hostOf("node-3")).isEqualTo("node-3");
  }
}
