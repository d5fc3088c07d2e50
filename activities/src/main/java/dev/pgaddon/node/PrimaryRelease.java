package dev.pgaddon.node;

import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.ReplicationMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a follower stops, the primary stops waiting for it: a synchronous primary would otherwise
 * hold every commit until the follower is back. The await-streaming step makes it synchronous again.
 */
final class PrimaryRelease {
  private static final Logger log = LoggerFactory.getLogger(PrimaryRelease.class);

  private final AddonInventory inventory;
  private final PostgresConnections connections;

  PrimaryRelease(AddonInventory inventory, PostgresConnections connections) {
    this.inventory = inventory;
    this.connections = connections;
  }

  /** Every other running node that answers as primary becomes asynchronous. */
  void beforeStopping(String addonId, String follower) {
    AddonView view = inventory.find(addonId).orElse(null);
    if (view == null) {
      return;
    }
    for (AddonView.NodeView n : view.nodes()) {
      if (n.node().equals(follower) || !n.running()) {
        continue;
      }
      try (Connection c = connections.superuser(addonId, view.address(n), "postgres"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          ReplicationMode.asynchronous(c);
          log.info("replication of {} is asynchronous while {} is stopped", addonId, follower);
        }
      } catch (SQLException unreachable) {
        // a node that does not answer holds no commit of anyone's
        log.info("{} of {} did not answer before {} stopped: {}", n.node(), addonId, follower, unreachable.getMessage());
      }
    }
  }
}
