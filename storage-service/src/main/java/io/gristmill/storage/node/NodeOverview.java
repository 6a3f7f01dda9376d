package io.gristmill.storage.node;

import io.gristmill.storage.system.StorageException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What administrators see of the nodes and the store's health, and the decommission action. */
@Component
public class NodeOverview {

  /** A node with its use. */
  public record NodeView(String id, String address, String zone, long capacityBytes, long usedBytes,
      long chunkCount, NodeState state, Instant lastHeartbeat) {}

  /** Counts that say whether the store is whole; all zero on a healthy store with nothing deleted. */
  public record Health(long underReplicatedChunks, long corruptReplicas, long staleReplicas, long gcBacklogChunks) {}

  private final JdbcTemplate jdbc;
  private final NodeRepository nodes;

  NodeOverview(JdbcTemplate jdbc, NodeRepository nodes) {
    this.jdbc = jdbc;
    this.nodes = nodes;
  }

  @Transactional(readOnly = true)
  public List<NodeView> nodes() {
    return jdbc.query("""
        select n.*, (select count(*) from replicas r where r.node_id = n.id) as chunk_count
        from nodes n order by n.id""",
        (rs, i) -> new NodeView(rs.getString("id"), rs.getString("address"), rs.getString("zone"),
            rs.getLong("capacity_bytes"), rs.getLong("used_bytes"), rs.getLong("chunk_count"),
            NodeState.valueOf(rs.getString("state")), rs.getTimestamp("last_heartbeat").toInstant()));
  }

  /**
   * Under-replicated: chunks of visible files with fewer current LIVE replicas on LIVE nodes than their goal,
   * capped by the LIVE nodes there are. Backlog: chunks of deleted files and of uploads that never finished.
   */
  @Transactional(readOnly = true)
  public Health health() {
    Long under = jdbc.queryForObject("""
        select count(*) from (
          select c.handle from chunks c join files f on f.id = c.file_id and f.state = 'COMMITTED'
          left join replicas r on r.chunk_handle = c.handle and r.state = 'LIVE' and r.version = c.version
          left join nodes n on n.id = r.node_id and n.state = 'LIVE'
          group by c.handle, f.replication
          having count(n.id) < least(f.replication, (select count(*) from nodes where state = 'LIVE'))) u""",
        Long.class);
    Long corrupt = jdbc.queryForObject("select count(*) from replicas where state = 'CORRUPT'", Long.class);
    Long stale = jdbc.queryForObject("select count(*) from replicas where state = 'STALE'", Long.class);
    Long backlog = jdbc.queryForObject("""
        select count(*) from chunks c join files f on f.id = c.file_id where f.state <> 'COMMITTED'""", Long.class);
    return new Health(under, corrupt, stale, backlog);
  }

  /** Starts draining a node; NOT_FOUND for an unknown one, CONFLICT for a dead one. Repeating it is harmless. */
  @Transactional
  public NodeView decommission(String nodeId) {
    StorageNode node = nodes.findById(nodeId)
        .orElseThrow(() -> StorageException.notFound("storage node '" + nodeId + "' not found"));
    if (node.state() == NodeState.DEAD) {
      throw StorageException.conflict("storage node '" + nodeId + "' is DEAD; only a LIVE node can be drained");
    }
    node.decommission();
    nodes.flush();
    return nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow();
  }
}
