package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

  @TempDir
  Path dir;

  @Test
  void theCatalogueDatabaseFlushesItsLogToDiskLikeAProductionServer() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("data"), dir.resolve("postgres.log"));
        Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement s = c.createStatement()) {
      assertThat(setting(s, "fsync")).isEqualTo("on");
      assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(s, "full_page_writes")).isEqualTo("on");
    }
  }

  @Test
  void aCommittedRowSurvivesAStopAndStartOnTheSameDataDirectory() throws Exception {
    Path data = dir.resolve("data");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data, dir.resolve("postgres.log"));
        Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text)");
      s.execute("INSERT INTO kept VALUES ('still here')");
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data, dir.resolve("postgres.log"));
        Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("still here");
    }
  }

  private static String setting(Statement s, String name) throws Exception {
    try (ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
