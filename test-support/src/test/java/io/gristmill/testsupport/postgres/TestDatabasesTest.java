package io.gristmill.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabasesTest {

  @Test
  void givesEachCallerItsOwnEmptyDatabaseOnARealPostgres() throws Exception {
    TestDatabase first = TestDatabases.create("first");
    TestDatabase second = TestDatabases.create("second");
    assertThat(first.name()).isNotEqualTo(second.name());

    try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x int)");
      try (ResultSet rs = s.executeQuery("SELECT version()")) {
        rs.next();
        assertThat(rs.getString(1)).startsWith("PostgreSQL");
      }
    }
    try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }
}
