package dev.pgaddon.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Synchronous replication of a business addon: while its follower streams, the primary returns a
 * commit only once the follower has flushed it, so a failover loses no acknowledged commit. While
 * the follower is down or restarted, the primary is asynchronous so that writes go on.
 * The setting lives in postgresql.auto.conf (ALTER SYSTEM), so it survives a restart of the node.
 */
public final class ReplicationMode {
  public static final String SYNCHRONOUS = "synchronous";
  public static final String ASYNCHRONOUS = "asynchronous";
  /** Node names are ours (node1, node2): checked anyway before they enter a statement. */
  private static final Pattern NODE = Pattern.compile("[a-z][a-z0-9]{0,15}");

  private ReplicationMode() {}

  /** Commits on this primary wait for {@code follower} (its walreceiver's application_name). */
  public static void synchronous(Connection primary, String follower) throws SQLException {
    if (!NODE.matcher(follower).matches()) {
      throw new IllegalArgumentException("not a node name: " + follower);
    }
    set(primary, Identifiers.quote(follower));
  }

  /** Commits return without waiting for any follower; releases commits that wait now. */
  public static void asynchronous(Connection node) throws SQLException {
    set(node, "");
  }

  /** The followers commits wait for ("" when asynchronous). */
  public static String standbyNames(Connection node) throws SQLException {
    try (Statement s = node.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('synchronous_standby_names')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void set(Connection node, String names) throws SQLException {
    if (names.equals(standbyNames(node))) {
      return;
    }
    try (Statement s = node.createStatement()) {
      s.execute("ALTER SYSTEM SET synchronous_standby_names = " + Identifiers.literal(names));
      s.execute("SELECT pg_reload_conf()");
    }
  }
}
