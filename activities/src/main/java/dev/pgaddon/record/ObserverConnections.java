package dev.pgaddon.record;

import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.sql.MonitorRole;
import dev.pgaddon.sql.PostgresConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status refresh's connections, as the monitor role (MonitorRole). An addon made before that role
 * (or a copy restored with another addon's), or a follower that has not replayed it yet, refuses
 * that login: then this read is made as superuser, with the pinned search_path, and the role and its
 * function are (re)made on the primary, so the next refresh logs in as the monitor.
 */
final class ObserverConnections {
  private static final Logger log = LoggerFactory.getLogger(ObserverConnections.class);
  /** invalid_authorization_specification, invalid_password: the login itself was refused. */
  private static final java.util.Set<String> LOGIN_REFUSED = java.util.Set.of("28000", "28P01");

  private final PostgresConnections connections;
  private final SecretStore secrets;

  ObserverConnections(PostgresConnections connections, SecretStore secrets) {
    this.connections = connections;
    this.secrets = secrets;
  }

  /** A connection, and whether it is the monitor's (users are then read through the platform's function). */
  record Observing(Connection connection, boolean asMonitor) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  Observing open(AddonView view, AddonView.NodeView node, String database) throws SQLException {
    try {
      return new Observing(connections.monitor(view.addonId(), view.address(node), database), true);
    } catch (SQLException e) {
      if (!LOGIN_REFUSED.contains(e.getSQLState())) {
        throw e;
      }
    } catch (IllegalStateException noSecretYet) {
      // made below
    }
    Connection superuser = connections.superuser(view.addonId(), view.address(node), database);
    try {
      makeMonitor(view, node, superuser, database);
    } catch (SQLException | RuntimeException e) {
      log.warn("status refresh of {}: the monitor role was not made on {} ({}); read as superuser meanwhile",
          view.addonId(), node.node(), e.getMessage());
    }
    return new Observing(superuser, false);
  }

  private void makeMonitor(AddonView view, AddonView.NodeView node, Connection superuser, String database)
      throws SQLException {
    try (Statement s = superuser.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_is_in_recovery()")) {
      rs.next();
      if (rs.getBoolean(1)) {
        return; // a follower: the primary's role reaches it by replication
      }
    }
    String password = secrets.getOrCreate(view.addonId(), SecretStore.MONITOR);
    if ("postgres".equals(database)) {
      MonitorRole.ensureRole(superuser, password);
    } else {
      try (Connection postgres = connections.superuser(view.addonId(), view.address(node), "postgres")) {
        MonitorRole.ensureRole(postgres, password);
      }
      MonitorRole.ensureFunction(superuser);
    }
    log.info("status refresh of {}: monitor role made on {} ({})", view.addonId(), node.node(), database);
  }
}
