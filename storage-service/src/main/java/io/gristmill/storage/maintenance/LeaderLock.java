package io.gristmill.storage.maintenance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Leadership of the background duties: a PostgreSQL session-level advisory lock held on a connection of its own.
 * When the leader dies its session ends, PostgreSQL releases the lock, and the next node to ask takes over; so
 * the duties run on exactly one node at a time without a lease to tune.
 */
@Component
class LeaderLock implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(LeaderLock.class);
  /** Any constant shared by all nodes; "gristmill storage duties". */
  private static final long KEY = 0x6772_6973_7464_7574L;

  private final DataSource dataSource;
  private Connection connection;
  private boolean held;

  LeaderLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Whether this node leads now: keeps the lock while its session lives, else tries to take it. */
  synchronized boolean holds() {
    try {
      if (held && connection.isValid(2)) {
        return true;
      }
      if (held) {
        log.warn("lost the session holding the maintenance leadership");
      }
      release();
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("select pg_try_advisory_lock(" + KEY + ")")) {
        held = rs.next() && rs.getBoolean(1);
      }
      if (held) {
        log.info("this node now runs the storage maintenance duties");
      } else {
        release();
      }
      return held;
    } catch (SQLException e) {
      log.warn("cannot reach the database for the maintenance leadership: {}", e.toString());
      release();
      return false;
    }
  }

  synchronized boolean isHeld() {
    return held;
  }

  private void release() {
    held = false;
    if (connection != null) {
      try {
        connection.close(); // ends the session, which releases the lock if it was held
      } catch (SQLException e) {
        log.debug("closing the leadership connection failed: {}", e.toString());
      }
      connection = null;
    }
  }

  @Override
  public synchronized void destroy() {
    release();
  }
}
