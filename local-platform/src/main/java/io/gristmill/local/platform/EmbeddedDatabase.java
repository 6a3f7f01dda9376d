package io.gristmill.local.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the binaries artifact, its data kept in the state directory so that jobs and
 * files survive a restart of the platform. The services each own a schema in one database.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String DATABASE = "gristmill";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final int port;

  private EmbeddedDatabase(EmbeddedPostgres postgres, int port) {
    this.postgres = postgres;
    this.port = port;
  }

  /** Starts PostgreSQL on a free loopback port; its own log goes to {@code logFile}, not to the console. */
  public static EmbeddedDatabase start(Path dataDir, Path logFile) {
    int port = FreePorts.pick();
    try {
      java.nio.file.Files.createDirectories(logFile.getParent());
      ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setOutputRedirector(log)
          .setErrorRedirector(log)
          .setDataDirectory(dataDir.toFile())
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("max_connections", "300")
          // The library starts PostgreSQL for throwaway test databases: -F (fsync off) and synchronous_commit
          // off. Here it holds the platform's catalogue (which chunks make a file, where the replicas are), and
          // without fsync a machine crash can corrupt the whole cluster, every stored file with it. Later -c
          // options win over -F; transactions that can afford to lose their commit ask for that themselves.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .start();
      EmbeddedDatabase db = new EmbeddedDatabase(postgres, port);
      db.createDatabaseIfMissing();
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  private void createDatabaseIfMissing() {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + DATABASE, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("stopping the embedded PostgreSQL failed", e);
    }
  }
}
