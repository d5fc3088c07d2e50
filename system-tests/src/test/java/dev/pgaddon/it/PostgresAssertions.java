package dev.pgaddon.it;

import com.github.dockerjava.api.model.Container;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.probe.PostgresUrl;
import dev.pgaddon.secrets.SecretStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * What the tests check on PostgreSQL and around it: connections (through the endpoint, as a user,
 * as the addon's superuser), single values, rows of the control database, an addon's containers
 * and volumes, and which node is primary and how its follower replicates.
 */
final class PostgresAssertions {
  private final Stack stack;

  PostgresAssertions(Stack stack) {
    this.stack = stack;
  }

  /** A JDBC connection from a postgres:// URL as the CLI prints it. */
  static Connection connect(String url) throws SQLException {
    return PostgresUrl.connect(url);
  }

  static Connection connect(String url, int port) throws SQLException {
    return PostgresUrl.connect(url, port);
  }

  /** The endpoint and database of a postgres:// URL, as a JDBC URL without credentials. */
  static String jdbcUrl(String url) {
    return "jdbc:postgresql://" + url.substring(url.indexOf('@') + 1);
  }

  /** @param jdbcUrl the endpoint's ({@link #jdbcUrl}) or a node's */
  static Connection connectAs(String jdbcUrl, String user, String password) throws SQLException {
    java.util.Properties credentials = new java.util.Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl, credentials);
  }

  /** As the addon's superuser, with the credential the worker stored (for checks a user may not run). */
  static Connection superuser(String addonId, int port) throws SQLException {
    return superuser(addonId, port, "postgres");
  }

  static Connection superuser(String addonId, int port, String database) throws SQLException {
    String password = Stack.secret(addonId, SecretStore.SUPERUSER);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", password);
  }

  /** The first column of the first row, which must exist. */
  static String one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      Assertions.assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  /** Rows of a control table (addon_secrets, port_reservations) that name the addon. */
  int controlRowsOf(String table, String addonId) throws SQLException {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException(table);
    }
    try (Connection c = stack.control.dataSource().getConnection();
        var s = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE addon_id = ?")) {
      s.setString(1, addonId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The PostgreSQL node containers of an addon (not its endpoint nor one-shot tasks). */
  List<Container> nodesOf(String addonId) {
    return containersOf(addonId).stream().filter(c -> "node".equals(c.getLabels().get(Labels.KIND))).toList();
  }

  List<Container> containersOf(String addonId) {
    return stack.docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.ADDON, addonId)).exec();
  }

  int volumesOf(String addonId) {
    var volumes = stack.docker.listVolumesCmd().withFilter("label", List.of(Labels.ADDON + "=" + addonId)).exec().getVolumes();
    return volumes == null ? 0 : volumes.size();
  }

  /** The follower's state once it is synchronous, or what it was after a minute of waiting. */
  String awaitSync(String addonId) throws Exception {
    String state = "";
    for (int i = 0; i < 60; i++) {
      state = syncState(addonId);
      if ("sync".equals(state)) {
        return state;
      }
      Thread.sleep(1000);
    }
    return state;
  }

  /** What the primary says of its follower: sync, async, or "" when none streams. */
  String syncState(String addonId) throws SQLException {
    for (Container n : nodesOf(addonId)) {
      int port = Integer.parseInt(n.getLabels().get(Labels.PORT));
      try (Connection c = superuser(addonId, port); Statement s = c.createStatement()) {
        if ("f".equals(one(s, "SELECT pg_is_in_recovery()"))) {
          return one(s, "SELECT coalesce(string_agg(sync_state, ','), '') FROM pg_stat_replication");
        }
      } catch (SQLException down) {
        // the other node
      }
    }
    return "no primary";
  }

  /** The node container that answers as primary (or as follower). */
  Container nodeAnswering(String addonId, boolean primary) throws SQLException {
    for (Container n : nodesOf(addonId)) {
      int port = Integer.parseInt(n.getLabels().get(Labels.PORT));
      try (Connection c = superuser(addonId, port); Statement s = c.createStatement()) {
        if (primary == "f".equals(one(s, "SELECT pg_is_in_recovery()"))) {
          return n;
        }
      } catch (SQLException down) {
        // not this one
      }
    }
    throw new AssertionError("no node of " + addonId + " answers as " + (primary ? "primary" : "follower"));
  }
}
