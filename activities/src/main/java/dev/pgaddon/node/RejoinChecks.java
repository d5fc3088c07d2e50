package dev.pgaddon.node;

import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.util.Waits;
import io.temporal.activity.Activity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /**
   * CHECKPOINT on the new primary, so that its control file shows the timeline it was promoted to.
   * It can take longer than the step's heartbeat timeout: it runs beside, and the step heartbeats.
   */
  void checkpointSource(String addonId, NodeAddress source) {
    long started = System.nanoTime();
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "rejoin-checkpoint"));
    try {
      Future<?> done = runner.submit(() -> {
        requirePrimary(addonId, source);
        try (Connection c = connections.superuser(addonId, source, "postgres"); Statement s = c.createStatement()) {
          c.setNetworkTimeout(Runnable::run, 600_000); // a checkpoint writes every dirty buffer: not the 120 s default
          s.execute("CHECKPOINT");
        } catch (SQLException e) {
          throw new IllegalStateException("CHECKPOINT of " + source.container() + " before pg_rewind failed: "
              + e.getMessage(), e);
        }
      });
      while (true) {
        try {
          done.get(5, TimeUnit.SECONDS);
          break;
        } catch (TimeoutException stillWriting) {
          Activity.getExecutionContext().heartbeat("CHECKPOINT of " + source.container());
        }
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the CHECKPOINT of " + source.container(), e);
    } finally {
      runner.shutdownNow();
    }
    log.info("step rejoin: CHECKPOINT of {} before pg_rewind took {} ms", source.container(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The node answers and is a primary; anything else fails the step (retried), never wiping data for it. */
  void requirePrimary(String addonId, NodeAddress node) {
    try (Connection c = connections.superuser(addonId, node, "postgres"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      if (rs.getBoolean(1)) {
        throw new IllegalStateException(node.container() + " is not a primary: no node may rejoin it");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(node.container() + " (the new primary) does not answer: " + e.getMessage(), e);
    }
  }

  /**
   * Null once the primary serves the node's slot in state streaming (after START_REPLICATION, so
   * past the timeline checks); otherwise, after a minute, what it saw.
   */
  String awaitStreaming(String addonId, NodeAddress primary, String slot) {
    String sql = "SELECT r.state FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid"
        + " WHERE s.slot_name = ?";
    long deadline = System.nanoTime() + STREAMING_WAIT_MILLIS * 1_000_000;
    String last = "not connected";
    while (System.nanoTime() < deadline) {
      try (Connection c = connections.superuser(addonId, primary, "postgres");
          PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, slot);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            last = rs.getString(1);
            if ("streaming".equals(last)) {
              return null;
            }
          } else {
            last = "not connected";
          }
        }
      } catch (SQLException e) {
        last = "primary unreachable: " + e.getMessage();
      }
      Activity.getExecutionContext().heartbeat("slot " + slot + ": " + last);
      Waits.sleep(500);
    }
    return "slot " + slot + " is not streaming after " + STREAMING_WAIT_MILLIS / 1000 + " s (" + last + ")";
  }
}
