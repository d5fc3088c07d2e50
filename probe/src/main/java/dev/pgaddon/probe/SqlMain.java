package dev.pgaddon.probe;

import java.sql.Connection;
import java.sql.Statement;

/**
 * Benchmark helper: runs SQL statements through a postgres:// URL (no psql on the host), e.g. to
 * fill a database before an upgrade.
 *
 * <pre>java -cp pgaddon-cli.jar dev.pgaddon.probe.SqlMain URL STATEMENT...</pre>
 */
public final class SqlMain {
  private SqlMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SqlMain POSTGRES_URL STATEMENT...");
      System.exit(2);
    }
    try (Connection c = PostgresUrl.connect(args[0]); Statement s = c.createStatement()) {
      c.setNetworkTimeout(Runnable::run, 0); // filling gigabytes takes minutes
      for (int i = 1; i < args.length; i++) {
        s.execute(args[i]);
      }
    }
  }
}
