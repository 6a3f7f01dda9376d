package io.gristmill.testsupport.postgres;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container, for developers with a Docker engine. */
final class ContainerPostgresServer implements PostgresServer {

  private static final String IMAGE = "postgres:17-alpine";

  private final PostgreSQLContainer container;

  private ContainerPostgresServer(PostgreSQLContainer container) {
    this.container = container;
  }

  static ContainerPostgresServer start() {
    PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
        .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
    container.start();
    // Ryuk removes the container when the JVM exits.
    return new ContainerPostgresServer(container);
  }

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
  }

  @Override
  public String username() {
    return container.getUsername();
  }

  @Override
  public String password() {
    return container.getPassword();
  }

  @Override
  public String kind() {
    return "Testcontainers " + IMAGE;
  }
}
