package dev.conduit.persistence.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CqlScriptTest {

  @Test
  void splitsOnSemicolonsAndDropsComments() {
    String script = "-- header\nCREATE TABLE IF NOT EXISTS a (k text PRIMARY KEY); // trailing\n\nCREATE TABLE IF NOT EXISTS b (\n  k int, -- key\n  PRIMARY KEY (k)\n);\n";
    assertThat(CqlScript.statements(script))
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS a (k text PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS b ( k int, PRIMARY KEY (k) )");
  }

  @Test
  void keepsSemicolonsAndCommentMarkersInsideQuotes() {
    String script = "INSERT INTO t (k, v) VALUES ('a;b', 'x -- y');";
    assertThat(CqlScript.statements(script)).containsExactly("INSERT INTO t (k, v) VALUES ('a;b', 'x -- y')");
  }

  @Test
  void lastStatementWithoutSemicolonIsKept() {
    assertThat(CqlScript.statements("SELECT 1 FROM x")).containsExactly("SELECT 1 FROM x");
  }
}
