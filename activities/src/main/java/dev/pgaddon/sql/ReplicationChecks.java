package dev.pgaddon.sql;

import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.sql.SqlActivities.Checkpointed;
import dev.pgaddon.util.Waits;
import io.temporal.activity.Activity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** The checks that steps of replication share: a node's CHECKPOINT, a follower's slot streaming. */
public final class ReplicationChecks {
  /** What the primary last said of a slot: its state ("streaming" once the follower replicates) and lag. */
  public record SlotState(String state, long lagBytes) {
    public boolean streaming() {
      return "streaming".equals(state);
    }
  }

  private static final String SLOT_STATE = "SELECT r.state, pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::bigint "
      + "FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = ?";

  private final PostgresConnections connections;

  public ReplicationChecks(PostgresConnections connections) {
    this.connections = connections;
  }

  /**
   * Waits until the primary serves the slot in state streaming (past the follower's timeline checks),
   * heartbeating; returns the last state seen, streaming or not, when {@code max} has passed.
   */
  public SlotState awaitStreaming(String addonId, NodeAddress primary, String slot, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    SlotState last = new SlotState("not connected", -1);
    while (System.nanoTime() < deadline) {
      try (Connection c = connections.superuser(addonId, primary, "postgres");
          PreparedStatement ps = c.prepareStatement(SLOT_STATE)) {
        ps.setString(1, slot);
        try (ResultSet rs = ps.executeQuery()) {
          last = rs.next() ? new SlotState(rs.getString(1), rs.getLong(2)) : new SlotState("not connected", -1);
        }
        if (last.streaming()) {
          return last;
        }
      } catch (SQLException e) {
        last = new SlotState("primary unreachable: " + e.getMessage(), -1);
      }
      Activity.getExecutionContext().heartbeat("follower " + slot + ": " + last.state());
      Waits.sleep(500);
    }
    return last;
  }

  /**
   * Makes commits on the primary wait for the follower of {@code slot}, once it streams under its own
   * name (a follower cloned before it had one is left asynchronous: waiting for a name no follower
   * has would hold every commit). Returns the mode the primary is left in.
   */
  public String makeSynchronous(String addonId, NodeAddress primary, String slot) {
    try (Connection c = connections.superuser(addonId, primary, "postgres");
        PreparedStatement ps = c.prepareStatement("SELECT r.application_name FROM pg_stat_replication r"
            + " JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = ? AND r.state = 'streaming'")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !slot.equals(rs.getString(1))) {
          return ReplicationMode.ASYNCHRONOUS;
        }
      }
      ReplicationMode.synchronous(c, slot);
      return ReplicationMode.SYNCHRONOUS;
    } catch (SQLException e) {
      throw new IllegalStateException("synchronous replication on " + primary.container() + " failed: " + e.getMessage(), e);
    }
  }

  /** A checkpoint writes every dirty buffer: minutes with a large shared_buffers, never hours. */
  private static final Duration CHECKPOINT_LIMIT = Duration.ofMinutes(10);

  /**
   * CHECKPOINT on one connection that first reads the node's role (on a follower it is a
   * restartpoint), from inside an activity: it may take as long as that step allows.
   */
  public Checkpointed checkpoint(String addonId, NodeAddress node) {
    try (Connection c = connections.superuser(addonId, node, "postgres")) {
      boolean follower;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        follower = rs.getBoolean(1);
      }
      long started = System.nanoTime();
      LongStatement.execute(c, "CHECKPOINT", "checkpoint of " + node.container(), CHECKPOINT_LIMIT);
      return new Checkpointed(node.node(), follower, (System.nanoTime() - started) / 1_000_000);
    } catch (SQLException e) {
      throw new IllegalStateException("checkpoint of " + node.container() + " failed: " + e.getMessage(), e);
    }
  }
}
