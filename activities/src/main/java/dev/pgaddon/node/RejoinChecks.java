package dev.pgaddon.node;

import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.ReplicationChecks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What makes a former primary's rejoin safe: a checkpointed source for pg_rewind, and proof that it streams. */
final class RejoinChecks {
  private static final Logger log = LoggerFactory.getLogger(RejoinChecks.class);
  /** A rewound node replays from the fork point before it streams: seconds, even under load. */
  private static final Duration STREAMING_WAIT = Duration.ofMinutes(1);

  private final PostgresConnections connections;
  private final ReplicationChecks checks;

  RejoinChecks(PostgresConnections connections) {
    this.connections = connections;
    this.checks = new ReplicationChecks(connections);
  }

  /**
   * CHECKPOINT on the new primary, so that its control file shows the timeline it was promoted to.
   * It may take as long as the step allows (the step heartbeats meanwhile).
   */
  void checkpointSource(String addonId, NodeAddress source) {
    requirePrimary(addonId, source);
    var done = checks.checkpoint(addonId, source);
    log.info("step rejoin: CHECKPOINT of {} before pg_rewind took {} ms", source.container(), done.millis());
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

  /** Null once the primary serves the node's slot in state streaming; otherwise, after a minute, what it saw. */
  String awaitStreaming(String addonId, NodeAddress primary, String slot) {
    ReplicationChecks.SlotState state = checks.awaitStreaming(addonId, primary, slot, STREAMING_WAIT);
    return state.streaming() ? null
        : "slot " + slot + " is not streaming after " + STREAMING_WAIT.toSeconds() + " s (" + state.state() + ")";
  }

}
