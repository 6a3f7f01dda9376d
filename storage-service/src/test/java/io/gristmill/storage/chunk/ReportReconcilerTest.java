package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.storage.chunk.ReportReconciler.Decision;
import io.gristmill.storage.chunk.ReportReconciler.Known;
import io.gristmill.storage.chunk.ReportReconciler.Reported;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportReconcilerTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant OLD = NOW.minus(Duration.ofHours(2));
  private static final Instant FRESH = NOW.minusSeconds(5);

  private final ReportReconciler reconciler = new ReportReconciler(Duration.ofHours(1));

  @Test
  void aReplicaOlderThanItsChunkIsMarkedStaleAndDeleted() {
    UUID h = UUID.randomUUID();

    Decision d = reconciler.decide(List.of(new Reported(h, 1, OLD)),
        Map.of(h, new Known(h, 2, ReplicaState.LIVE, OLD)), NOW);

    assertThat(d.markStale()).containsExactly(h);
    assertThat(d.delete()).containsExactly(h);
  }

  @Test
  void aCurrentReplicaIsKept() {
    UUID h = UUID.randomUUID();

    Decision d = reconciler.decide(List.of(new Reported(h, 2, OLD)),
        Map.of(h, new Known(h, 2, ReplicaState.LIVE, OLD)), NOW);

    assertThat(d).isEqualTo(new Decision(List.of(), List.of(), List.of()));
  }

  @Test
  void corruptAndStaleReplicasAreDeletedAndTheirRowsDroppedOnceGone() {
    UUID corrupt = UUID.randomUUID();
    UUID collected = UUID.randomUUID();

    Decision d = reconciler.decide(List.of(new Reported(corrupt, 1, FRESH)),
        Map.of(corrupt, new Known(corrupt, 1, ReplicaState.CORRUPT, OLD),
            collected, new Known(collected, 1, ReplicaState.STALE, OLD)), NOW);

    assertThat(d.delete()).containsExactly(corrupt);
    assertThat(d.dropRows()).containsExactly(collected);
  }

  @Test
  void unclaimedFilesAreDeletedOnlyAfterTheGrace() {
    UUID oldOrphan = UUID.randomUUID();
    UUID inFlight = UUID.randomUUID();
    UUID staleUnrecorded = UUID.randomUUID();
    UUID copyUnrecorded = UUID.randomUUID();

    Decision d = reconciler.decide(List.of(new Reported(oldOrphan, 1, OLD), new Reported(inFlight, 0, FRESH),
            new Reported(staleUnrecorded, 1, FRESH), new Reported(copyUnrecorded, 3, FRESH)),
        Map.of(staleUnrecorded, new Known(staleUnrecorded, 2, null, null),
            copyUnrecorded, new Known(copyUnrecorded, 2, null, null),
            inFlight, new Known(inFlight, 1, null, null)), NOW);

    assertThat(d.delete()).containsExactlyInAnyOrder(oldOrphan, staleUnrecorded);
  }

  @Test
  void aReplicaRowReadBeforeTheListingWhoseFileTheListingMissesIsDropped() {
    UUID lost = UUID.randomUUID();
    UUID kept = UUID.randomUUID();

    Decision d = reconciler.decide(List.of(new Reported(kept, 1, FRESH)),
        Map.of(lost, new Known(lost, 1, ReplicaState.LIVE, FRESH),
            kept, new Known(kept, 1, ReplicaState.LIVE, FRESH)), NOW);

    assertThat(d).isEqualTo(new Decision(List.of(), List.of(), List.of(lost)));
  }
}
