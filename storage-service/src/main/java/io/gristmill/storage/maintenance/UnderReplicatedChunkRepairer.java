package io.gristmill.storage.maintenance;

import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.placement.Candidate;
import io.gristmill.storage.placement.NodePlacement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Copies chunks below their replication goal (capped by the LIVE nodes) to new nodes, most endangered first, at
 * most {@code repair.max-copies-per-run} copies per run so that repair never starves user traffic. Chunks of
 * deleted files are repaired too: they can still be restored.
 */
@Component
class UnderReplicatedChunkRepairer implements MaintenanceDuty {

  private static final Logger log = LoggerFactory.getLogger(UnderReplicatedChunkRepairer.class);

  private final JdbcTemplate jdbc;
  private final NodePlacement placement;
  private final ReplicaSetChanger changer;
  private final StorageProperties.Repair settings;
  private final Counter copies;

  UnderReplicatedChunkRepairer(JdbcTemplate jdbc, NodePlacement placement, ReplicaSetChanger changer,
      StorageProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.placement = placement;
    this.changer = changer;
    this.settings = properties.repair();
    this.copies = Counter.builder("gristmill.storage.repair.copies")
        .description("Replicas made by re-replication").register(meters);
  }

  @Override
  public String name() {
    return "repair";
  }

  @Override
  public Duration period() {
    return settings.period();
  }

  @Override
  public void run() {
    int liveNodes = placement.liveNodeCount();
    int budget = settings.maxCopiesPerRun();
    for (ReplicationNeed need : needs(liveNodes, budget)) {
      if (budget <= 0) {
        return;
      }
      budget -= repair(need, budget);
    }
  }

  List<ReplicationNeed> needs(int liveNodes, int limit) {
    return jdbc.query("""
        select c.handle, c.size, c.version, least(f.replication, ?) as goal, count(n.id) as live
        from chunks c join files f on f.id = c.file_id and f.state <> 'UPLOADING'
        left join replicas r on r.chunk_handle = c.handle and r.state = 'LIVE' and r.version = c.version
        left join nodes n on n.id = r.node_id and n.state = 'LIVE'
        group by c.handle, c.size, c.version, f.replication
        having count(n.id) < least(f.replication, ?)
        order by count(n.id), least(f.replication, ?) - count(n.id) desc
        limit ?""",
        (rs, i) -> new ReplicationNeed(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getInt(4),
            rs.getInt(5)), liveNodes, liveNodes, liveNodes, limit).stream()
        .sorted(ReplicationNeed.MOST_ENDANGERED_FIRST).toList();
  }

  private int repair(ReplicationNeed need, int budget) {
    List<Holder> holders = changer.holders(need.handle());
    Optional<Holder> source = holders.stream().filter(h -> h.serves(need.version())).findFirst();
    if (source.isEmpty()) {
      log.warn("chunk {} has no replica to copy from; it is back only when a node holding it returns",
          need.handle());
      return 0;
    }
    List<Holder> keep = holders.stream().filter(h -> h.counts(need.version())).toList();
    Set<String> excluded = holders.stream().map(Holder::nodeId).collect(Collectors.toSet());
    List<Candidate> targets = placement.choose(Math.min(need.goal() - keep.size(), budget), excluded,
        keep.stream().map(Holder::zone).toList(), null);
    if (targets.isEmpty()) {
      return 0;
    }
    int made = changer.change(need.handle(), need.size(), need.version(), source.get(), keep, targets);
    copies.increment(made);
    return Math.max(made, 1);
  }
}
