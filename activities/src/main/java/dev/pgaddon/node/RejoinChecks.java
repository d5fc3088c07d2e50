package dev.pgaddon.node;

import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.util.Waits;
import io.temporal.activity.Activity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What makes a former primary's rejoin safe: a checkpointed source for pg_rewind, and proof that it streams. */
final class RejoinChecks {
  private static final Logger log = LoggerFactory.getLogger(RejoinChecks.class);
  /** A rewound node replays from the fork point before it streams: seconds, even under load. */
  private static final long STREAMING_WAIT_MILLIS = 60_000;

  private final PostgresConnections connections;

  RejoinChecks(PostgresConnections connections) {
    this.connections = connections;
  }

  /** CHECKPOINT on the new primary, so that its control file shows the timeline it was promoted to. */
  void checkpointSource(String addonId, NodeAddress source) {
    long started = System.nanoTime();
    try (Connection c = connections.superuser(addonId, source, "postgres"); Statement s = c.createStatement()) {
      c.setNetworkTimeout(Runnable::run, 600_000); // a checkpoint writes every dirty buffer: not the 120 s default
      try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        if (rs.getBoolean(1)) {
          throw new IllegalStateException(source.container() + " is not a primary: no node may rejoin it");
        }
      }
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("CHECKPOINT of " + source.container() + " before pg_rewind failed: " + e.getMessage(), e);
    }
    log.info("step rejoin: CHECKPOINT of {} before pg_rewind took {} ms", source.container(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Null once the node is a standby whose WAL receiver streams; otherwise, after a minute, what it is doing. */
  String awaitStreaming(String addonId, NodeAddress node) {
    long deadline = System.nanoTime() + STREAMING_WAIT_MILLIS * 1_000_000;
    String last = "not checked";
    while (System.nanoTime() < deadline) {
      try (Connection c = connections.superuser(addonId, node, "postgres"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), (SELECT status FROM pg_stat_wal_receiver)")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return node.container() + " runs as a primary"; // never two primaries: it is rebuilt
        }
        if ("streaming".equals(rs.getString(2))) {
          return null;
        }
        last = "WAL receiver " + (rs.getString(2) == null ? "not running" : rs.getString(2));
      } catch (SQLException e) {
        last = "unreachable: " + e.getMessage();
      }
      Activity.getExecutionContext().heartbeat(node.container() + ": " + last);
      Waits.sleep(500);
    }
    return node.container() + " does not stream after " + STREAMING_WAIT_MILLIS / 1000 + " s (" + last + ")";
  }
}
