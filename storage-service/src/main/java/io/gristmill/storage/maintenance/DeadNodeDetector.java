package io.gristmill.storage.maintenance;

import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.node.NodeRepository;
import io.gristmill.storage.node.NodeState;
import io.gristmill.storage.node.StorageNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Marks nodes DEAD when their heartbeats stop, so that their replicas stop counting and are re-replicated. */
@Component
class DeadNodeDetector implements MaintenanceDuty {

  private static final Logger log = LoggerFactory.getLogger(DeadNodeDetector.class);

  private final NodeRepository nodes;
  private final Clock clock;
  private final StorageProperties.DeadNodes settings;
  private final Counter deaths;

  DeadNodeDetector(NodeRepository nodes, Clock clock, StorageProperties properties, MeterRegistry meters) {
    this.nodes = nodes;
    this.clock = clock;
    this.settings = properties.deadNodes();
    this.deaths = Counter.builder("gristmill.storage.nodes.declared_dead")
        .description("Nodes declared DEAD after missing their heartbeats").register(meters);
  }

  @Override
  public String name() {
    return "dead-nodes";
  }

  @Override
  public Duration period() {
    return settings.period();
  }

  @Override
  @Transactional
  public void run() {
    Instant deadline = clock.instant().minus(settings.timeout());
    for (StorageNode node : nodes.findByStateIn(List.of(NodeState.LIVE, NodeState.DECOMMISSIONING))) {
      if (node.markDeadIfSilentSince(deadline)) {
        deaths.increment();
        log.warn("storage node {} at {} is DEAD: no heartbeat since {}", node.id(), node.address(),
            node.lastHeartbeat());
      }
    }
  }
}
