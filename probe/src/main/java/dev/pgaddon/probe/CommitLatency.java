package dev.pgaddon.probe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: the latency of single-row commits through a connection URL, with the addon's
 * synchronous replication (the commit waits for the follower) and, in the same connection and
 * interleaved by blocks, with {@code SET LOCAL synchronous_commit = local} (it waits for the
 * primary's disk only: what asynchronous replication gives). Prints median and p99 of each.
 *
 * <pre>java -cp pgaddon-probe.jar dev.pgaddon.probe.CommitLatency URL [COMMITS_EACH]</pre>
 */
public final class CommitLatency {
  private static final int BLOCK = 100;

  private CommitLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: CommitLatency POSTGRES_URL [COMMITS_EACH]");
      System.exit(2);
    }
    int each = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    List<Long> waitForFollower = new ArrayList<>();
    List<Long> localOnly = new ArrayList<>();
    try (Connection c = PostgresUrl.connect(args[0])) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS commit_latency (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())");
      }
      c.setAutoCommit(false);
      // Both kinds send the same statements, so the only difference is what the commit waits for.
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO commit_latency DEFAULT VALUES");
          PreparedStatement remote = c.prepareStatement("SET LOCAL synchronous_commit = on");
          PreparedStatement local = c.prepareStatement("SET LOCAL synchronous_commit = local")) {
        while (waitForFollower.size() < each) {
          block(c, insert, remote, waitForFollower);
          block(c, insert, local, localOnly);
        }
      }
    }
    System.out.println("commit latency, " + each + " single-row commits each: synchronous (waits for the follower) "
        + figures(waitForFollower) + "; asynchronous (synchronous_commit = local) " + figures(localOnly));
  }

  private static void block(Connection c, PreparedStatement insert, PreparedStatement setting, List<Long> into)
      throws SQLException {
    for (int i = 0; i < BLOCK; i++) {
      long started = System.nanoTime();
      setting.execute();
      insert.executeUpdate();
      c.commit();
      into.add(System.nanoTime() - started);
    }
  }

  private static String figures(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format(Locale.ROOT, "median=%.2f ms p99=%.2f ms", sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.floor(sorted.size() * 0.99)) / 1e6);
  }
}
