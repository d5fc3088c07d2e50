package dev.pgaddon.probe;

import java.sql.Connection;
import java.sql.Statement;

/**
 * Runs SQL statements through a postgres:// URL (no psql on the host), e.g. to fill a database
 * before an upgrade; a query's rows are printed, first column only. With "-" as the URL, it is read
 * from standard input, so that its password appears on no command line.
 *
 * <pre>java -cp pgaddon-probe.jar dev.pgaddon.probe.SqlMain URL|- STATEMENT...</pre>
 */
public final class SqlMain {
  private SqlMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SqlMain POSTGRES_URL STATEMENT...");
      System.exit(2);
    }
    String url = args[0].equals("-")
        ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine().trim() : args[0];
    try (Connection c = PostgresUrl.connect(url); Statement s = c.createStatement()) {
      c.setNetworkTimeout(Runnable::run, 0); // filling gigabytes takes minutes
      for (int i = 1; i < args.length; i++) {
        if (s.execute(args[i])) {
          try (java.sql.ResultSet rs = s.getResultSet()) {
            while (rs.next()) {
              System.out.println(rs.getString(1));
            }
          }
        }
      }
    }
  }
}
