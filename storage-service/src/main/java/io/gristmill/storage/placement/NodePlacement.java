package io.gristmill.storage.placement;

import io.gristmill.storage.StorageProperties;
import java.time.Clock;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Places new replicas over the LIVE nodes as the database knows them now ({@link PlacementPolicy}). */
@Component
public class NodePlacement {

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final StorageProperties.Placement settings;
  private final PlacementPolicy policy;

  NodePlacement(JdbcTemplate jdbc, Clock clock, StorageProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.settings = properties.placement();
    this.policy = new PlacementPolicy(settings.maxRecentCreations(), new Random());
  }

  /** Up to {@code count} LIVE nodes for new replicas of a chunk, best first. */
  public List<Candidate> choose(int count, Set<String> excluded, Collection<String> zonesInUse, String preferred) {
    return policy.choose(liveNodes(), count, excluded, zonesInUse, preferred);
  }

  /** LIVE nodes with their recent creations. */
  public List<Candidate> liveNodes() {
    Timestamp since = Timestamp.from(clock.instant().minus(settings.recentCreationWindow()));
    return jdbc.query("""
        select n.id, n.address, n.zone, n.capacity_bytes, n.used_bytes,
               (select count(*) from replicas r where r.node_id = n.id and r.created_at > ?) as recent
        from nodes n where n.state = 'LIVE' order by n.id""",
        (rs, i) -> new Candidate(rs.getString("id"), rs.getString("address"), rs.getString("zone"),
            rs.getLong("capacity_bytes"), rs.getLong("used_bytes"), rs.getInt("recent")), since);
  }

  /** Nodes that are LIVE now: the cap on any chunk's replication goal. */
  public int liveNodeCount() {
    Integer n = jdbc.queryForObject("select count(*) from nodes where state = 'LIVE'", Integer.class);
    return n == null ? 0 : n;
  }
}
