package io.gristmill.testsupport.postgres;

/**
 * A running PostgreSQL server that tests may create databases on. One per JVM, shared by every suite; each
 * suite gets a database of its own through {@link TestDatabases}.
 */
interface PostgresServer {

  /** JDBC URL of the named database on this server. */
  String jdbcUrl(String database);

  String username();

  String password();

  /** A short name for logs: which implementation was chosen. */
  String kind();
}
