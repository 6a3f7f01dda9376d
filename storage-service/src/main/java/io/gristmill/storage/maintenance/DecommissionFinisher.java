package io.gristmill.storage.maintenance;

import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.node.NodeRepository;
import io.gristmill.storage.node.NodeState;
import io.gristmill.storage.node.StorageNode;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends a decommission once every chunk with a replica on the draining node has its full replication on LIVE
 * nodes; the node's replica rows then go, and its chunk reports make it delete the files.
 */
@Component
class DecommissionFinisher implements MaintenanceDuty {

  private static final Logger log = LoggerFactory.getLogger(DecommissionFinisher.class);

  private final NodeRepository nodes;
  private final JdbcTemplate jdbc;
  private final Duration period;

  DecommissionFinisher(NodeRepository nodes, JdbcTemplate jdbc, StorageProperties properties) {
    this.nodes = nodes;
    this.jdbc = jdbc;
    this.period = properties.repair().period();
  }

  @Override
  public String name() {
    return "decommission";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  @Transactional
  public void run() {
    for (StorageNode node : nodes.findByStateIn(List.of(NodeState.DECOMMISSIONING))) {
      Long waiting = jdbc.queryForObject("""
          select count(*) from replicas mine join chunks c on c.handle = mine.chunk_handle
          join files f on f.id = c.file_id
          where mine.node_id = ? and mine.state = 'LIVE' and f.state <> 'UPLOADING'
            and (select count(*) from replicas r join nodes n on n.id = r.node_id
                 where r.chunk_handle = c.handle and r.state = 'LIVE' and r.version = c.version
                   and n.state = 'LIVE') < least(f.replication, (select count(*) from nodes where state = 'LIVE'))""",
          Long.class, node.id());
      if (waiting != null && waiting == 0) {
        jdbc.update("delete from replicas where node_id = ?", node.id());
        node.decommissioned();
        log.info("storage node {} is drained and DECOMMISSIONED", node.id());
      }
    }
  }
}
