package io.gristmill.storage.maintenance;

import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.placement.Candidate;
import io.gristmill.storage.placement.NodePlacement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves replicas from the fullest LIVE node to the emptiest while their disk use differs from the average by more
 * than the threshold, a few per run. A move keeps failure domains apart: the new node's zone must not already
 * hold another replica of the chunk unless it is the zone the replica leaves.
 */
@Component
class Rebalancer implements MaintenanceDuty {

  private final JdbcTemplate jdbc;
  private final NodePlacement placement;
  private final ReplicaSetChanger changer;
  private final StorageProperties.Rebalance settings;
  private final Counter moves;

  Rebalancer(JdbcTemplate jdbc, NodePlacement placement, ReplicaSetChanger changer, StorageProperties properties,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.placement = placement;
    this.changer = changer;
    this.settings = properties.rebalance();
    this.moves = Counter.builder("gristmill.storage.rebalance.moves")
        .description("Replicas moved from full nodes to empty ones").register(meters);
  }

  @Override
  public String name() {
    return "rebalance";
  }

  @Override
  public Duration period() {
    return settings.period();
  }

  @Override
  public void run() {
    List<Candidate> nodes = placement.liveNodes();
    if (nodes.size() < 2) {
      return;
    }
    double average = nodes.stream().mapToDouble(Rebalancer::usage).average().orElse(0);
    Candidate fullest = nodes.stream().max(Comparator.comparingDouble(Rebalancer::usage)).orElseThrow();
    Candidate emptiest = nodes.stream().min(Comparator.comparingDouble(Rebalancer::usage)).orElseThrow();
    if (usage(fullest) - average <= settings.threshold() && average - usage(emptiest) <= settings.threshold()) {
      return;
    }
    List<Object[]> chunks = jdbc.query("""
        select c.handle, c.size, c.version from replicas r join chunks c on c.handle = r.chunk_handle
        join files f on f.id = c.file_id and f.state = 'COMMITTED'
        where r.node_id = ? and r.state = 'LIVE' and r.version = c.version
          and not exists (select 1 from replicas o where o.chunk_handle = c.handle and o.node_id = ?)
        order by c.size desc limit ?""",
        (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3)},
        fullest.id(), emptiest.id(), settings.maxMovesPerRun());
    for (Object[] chunk : chunks) {
      move((UUID) chunk[0], (long) chunk[1], (long) chunk[2], fullest, emptiest);
    }
  }

  private void move(UUID handle, long size, long version, Candidate from, Candidate to) {
    List<Holder> holders = changer.holders(handle);
    Optional<Holder> source = holders.stream().filter(h -> h.nodeId().equals(from.id())).findFirst();
    List<Holder> keep = holders.stream().filter(h -> h.counts(version) && !h.nodeId().equals(from.id())).toList();
    boolean zoneClash = !to.zone().equals(from.zone()) && keep.stream().anyMatch(h -> h.zone().equals(to.zone()));
    if (source.isEmpty() || zoneClash) {
      return;
    }
    moves.increment(changer.change(handle, size, version, source.get(), keep, List.of(to)));
  }

  private static double usage(Candidate node) {
    return node.capacityBytes() <= 0 ? 1.0 : (double) node.usedBytes() / node.capacityBytes();
  }
}
