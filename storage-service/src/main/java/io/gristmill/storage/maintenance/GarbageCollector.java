package io.gristmill.storage.maintenance;

import io.gristmill.storage.StorageProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgets files deleted longer ago than the retention, and uploads abandoned by a node that crashed mid-way. Their
 * chunk rows go with them (ON DELETE CASCADE); each node then finds the chunk files unclaimed in its own chunk
 * report and deletes them once the orphan grace has passed.
 */
@Component
class GarbageCollector implements MaintenanceDuty {

  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final StorageProperties.Deletion settings;
  private final Counter files;
  private final Counter chunks;

  GarbageCollector(JdbcTemplate jdbc, Clock clock, StorageProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.settings = properties.deletion();
    this.files = Counter.builder("gristmill.storage.gc.files")
        .description("Deleted files and abandoned uploads collected").register(meters);
    this.chunks = Counter.builder("gristmill.storage.gc.chunks")
        .description("Chunks of collected files").register(meters);
  }

  @Override
  public String name() {
    return "gc";
  }

  @Override
  public Duration period() {
    return settings.period();
  }

  @Override
  @Transactional
  public void run() {
    Instant now = clock.instant();
    Timestamp expired = Timestamp.from(now.minus(settings.retention()));
    Timestamp abandoned = Timestamp.from(now.minus(settings.abandonedUploadTimeout()));
    String doomed = """
        (state = 'DELETED' and deleted_at < ?) or (state = 'UPLOADING' and created_at < ?)""";
    Long chunkCount = jdbc.queryForObject("select count(*) from chunks where file_id in (select id from files where "
        + doomed + ")", Long.class, expired, abandoned);
    int removed = jdbc.update("delete from files where " + doomed, expired, abandoned);
    if (removed > 0) {
      files.increment(removed);
      chunks.increment(chunkCount == null ? 0 : chunkCount);
      log.info("collected {} deleted or abandoned files with {} chunks", removed, chunkCount);
    }
  }
}
