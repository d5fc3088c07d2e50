package dev.pgaddon.node;

import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.ReplicationChecks;
import io.temporal.activity.Activity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
  private static final Duration STREAMING_WAIT = Duration.ofMinutes(1);

  private final PostgresConnections connections;
  private final ReplicationChecks checks;

  RejoinChecks(PostgresConnections connections) {
    this.connections = connections;
    this.checks = new ReplicationChecks(connections);
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
        // A checkpoint writes every dirty buffer: not the connections' 120 s default.
        checks.checkpoint(addonId, source, Duration.ofMinutes(10));
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

  /** Null once the primary serves the node's slot in state streaming; otherwise, after a minute, what it saw. */
  String awaitStreaming(String addonId, NodeAddress primary, String slot) {
    ReplicationChecks.SlotState state = checks.awaitStreaming(addonId, primary, slot, STREAMING_WAIT);
    return state.streaming() ? null
        : "slot " + slot + " is not streaming after " + STREAMING_WAIT.toSeconds() + " s (" + state.state() + ")";
  }

}
