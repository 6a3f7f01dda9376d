package io.gristmill.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;

/**
 * Fresh, real PostgreSQL databases for tests.
 *
 * <p>The server is chosen once per JVM by the system property (or environment variable) {@code
 * gristmill.test.postgres} / {@code GRISTMILL_TEST_POSTGRES}: {@code docker} forces Testcontainers, {@code
 * embedded} forces the embedded PostgreSQL, {@code auto} (the default) takes Testcontainers when a Docker
 * engine answers and the embedded server otherwise. Never an in-memory substitute, and never a skip.
 */
public final class TestDatabases {

  public static final String MODE_PROPERTY = "gristmill.test.postgres";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile PostgresServer server;

  private TestDatabases() {}

  /** Creates an empty database named after {@code purpose} (made unique) and returns how to reach it. */
  public static TestDatabase create(String purpose) {
    PostgresServer pg = server();
    String name = (purpose.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
        + COUNTER.incrementAndGet()).toLowerCase(Locale.ROOT);
    if (name.length() > 60) {
      name = name.substring(name.length() - 60);
    }
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.username(), pg.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name + " on " + pg.kind(), e);
    }
    return new TestDatabase(name, pg.jdbcUrl(name), pg.username(), pg.password());
  }

  /** Which implementation serves this JVM's databases, e.g. for a log line. */
  public static String serverKind() {
    return server().kind();
  }

  private static PostgresServer server() {
    PostgresServer s = server;
    if (s == null) {
      synchronized (TestDatabases.class) {
        s = server;
        if (s == null) {
          s = startServer(mode());
          server = s;
        }
      }
    }
    return s;
  }

  static String mode() {
    String mode = System.getProperty(MODE_PROPERTY);
    if (mode == null || mode.isBlank()) {
      mode = System.getenv("GRISTMILL_TEST_POSTGRES");
    }
    return mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
  }

  private static PostgresServer startServer(String mode) {
    return switch (mode) {
      case "docker" -> ContainerPostgresServer.start();
      case "embedded" -> EmbeddedPostgresServer.start();
      case "auto" -> dockerAvailable() ? ContainerPostgresServer.start() : EmbeddedPostgresServer.start();
      default -> throw new IllegalArgumentException(
          MODE_PROPERTY + " must be one of auto, docker, embedded; was '" + mode + "'");
    };
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
