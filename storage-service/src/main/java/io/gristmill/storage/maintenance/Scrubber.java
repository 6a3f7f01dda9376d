package io.gristmill.storage.maintenance;

import com.google.protobuf.ByteString;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.blob.FileCatalog;
import io.gristmill.storage.chunk.ReplicaLocation;
import io.gristmill.storage.chunk.ReplicaReaders;
import io.gristmill.storage.chunk.ReplicaStream;
import io.gristmill.storage.chunk.ReplicaUnusableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Verifies the replicas of chunks that have not been verified for the scrub interval, least recently verified
 * first, at most {@code scrub.bytes-per-run} per run. Each holder checks every block against its checksums as it
 * sends it; a replica that fails is marked CORRUPT (never read again) and re-replication replaces it.
 */
@Component
class Scrubber implements MaintenanceDuty {

  private static final Logger log = LoggerFactory.getLogger(Scrubber.class);

  private final JdbcTemplate jdbc;
  private final ReplicaSetChanger changer;
  private final ReplicaReaders readers;
  private final FileCatalog health;
  private final Clock clock;
  private final StorageProperties.Scrub settings;
  private final Counter verified;
  private final Counter corrupt;

  Scrubber(JdbcTemplate jdbc, ReplicaSetChanger changer, ReplicaReaders readers, FileCatalog health, Clock clock,
      StorageProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.changer = changer;
    this.readers = readers;
    this.health = health;
    this.clock = clock;
    this.settings = properties.scrub();
    this.verified = Counter.builder("gristmill.storage.scrub.bytes")
        .description("Replica bytes verified by the scrubber").register(meters);
    this.corrupt = Counter.builder("gristmill.storage.replicas.corrupt").tag("found_by", "scrub")
        .description("Replicas found corrupt or missing, by reads and by the scrubber").register(meters);
  }

  @Override
  public String name() {
    return "scrub";
  }

  @Override
  public Duration period() {
    return settings.period();
  }

  @Override
  public void run() {
    long budget = settings.bytesPerRun().toBytes();
    List<Object[]> due = jdbc.query("""
        select c.handle, c.size, c.version from chunks c join files f on f.id = c.file_id and f.state <> 'UPLOADING'
        where c.last_scrubbed is null or c.last_scrubbed < ?
        order by c.last_scrubbed nulls first limit 1000""",
        (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3)},
        Timestamp.from(clock.instant().minus(settings.interval())));
    for (Object[] chunk : due) {
      if (budget <= 0) {
        return;
      }
      budget -= scrub((UUID) chunk[0], (long) chunk[1], (long) chunk[2]);
    }
  }

  private long scrub(UUID handle, long size, long version) {
    long read = 0;
    for (Holder holder : changer.holders(handle)) {
      if (!holder.serves(version)) {
        continue;
      }
      ReplicaLocation location = new ReplicaLocation(holder.nodeId(), holder.address(), holder.zone(),
          holder.state(), holder.version(), true);
      try (ReplicaStream stream = readers.open(handle, size, version, location, 0, size)) {
        for (ByteString piece = stream.next(); piece != null; piece = stream.next()) {
          read += piece.size();
        }
      } catch (ReplicaUnusableException e) {
        switch (e.kind()) {
          case UNREACHABLE -> log.debug("scrub skipped chunk {} on unreachable node {}", handle, holder.nodeId());
          case STALE -> health.markStale(handle, holder.nodeId());
          case CORRUPT, MISSING -> {
            log.warn("scrub found replica of chunk {} on node {} unusable: {}", handle, holder.nodeId(),
                e.getMessage());
            health.markCorrupt(handle, holder.nodeId());
            corrupt.increment();
          }
        }
      }
    }
    verified.increment(read);
    jdbc.update("update chunks set last_scrubbed = ? where handle = ?", Timestamp.from(clock.instant()), handle);
    return Math.max(read, 1);
  }
}
